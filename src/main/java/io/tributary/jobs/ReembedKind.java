package io.tributary.jobs;

import com.pgvector.PGvector;
import io.tributary.audit.AuditLog;
import io.tributary.embed.Embedder;
import io.tributary.embed.GenerationService;
import io.tributary.model.AuditEntry;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.EmbeddingGeneration.State;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code reembed}, two ways.
 *
 * <p>With a {@code model}: a model change as a new generation (docs/retrieval.md#generations). The
 * job creates the generation (its own vector table and HNSW index, the model's dimension), fills it
 * one build batch per checkpoint (the checkpoint names the generation, so a resumed job goes on
 * with the same one), marks it ready and, unless {@code activate} is false, switches search to it
 * in one transaction; search serves the active generation all along and never mixes two in an
 * answer. The generation that served stays a rollback target ({@code POST
 * /v1/generations/rollback}) for {@code tributary.generations.grace-period}. A cancelled job drops
 * the generation it was building. Counts: {@code chunks}, {@code vectorsReused}, {@code
 * vectorsComputed}, {@code generation}.
 *
 * <p>Without: re-embeds the stored (redacted) chunk texts of a source with the configured model,
 * without re-chunking, one page of records per checkpoint: the records whose chunks another model
 * embedded (or every one, with {@code all}). Each record's vectors are replaced in one transaction
 * under its row lock; a chunk that an ingest replaced meanwhile (another id or text) is left alone.
 * It writes {@code chunks.embedding}, generation 1's column, so it refuses to run when the
 * configured model's vectors live in another generation's table.
 */
@ApplicationScoped
public class ReembedKind implements JobKind {

  static final int PAGE = 20;

  static final String GENERATION = "generation:";

  private final DataSource dataSource;
  private final Embedder embedder;
  private final GenerationService generations;
  private final AuditLog audit;

  public ReembedKind(
      DataSource dataSource, Embedder embedder, GenerationService generations, AuditLog audit) {
    this.dataSource = dataSource;
    this.embedder = embedder;
    this.generations = generations;
    this.audit = audit;
  }

  /** A model must be one this instance can load; nothing else is fixed at queue time. */
  @Override
  public String prepare(JobParams params) {
    JobParams.Reembed p = (JobParams.Reembed) params;
    if (p.generation()) {
      generations.embedderOf(p.model()); // IllegalArgumentException: an unknown model
    } else {
      generations
          .liveOf(embedder.modelId())
          .filter(g -> !g.inChunksTable())
          .ifPresent(
              g -> {
                throw new IllegalArgumentException(
                    "the configured model's vectors are in generation "
                        + g.id()
                        + ", not in chunks.embedding: re-embed with a model (a new generation)");
              });
    }
    return null;
  }

  @Override
  public String type() {
    return JobParams.REEMBED;
  }

  private record ChunkText(String id, String text) {}

  @Override
  public void run(JobContext context) {
    JobParams.Reembed p = (JobParams.Reembed) context.params();
    if (p.generation()) {
      runGeneration(context, p);
      return;
    }
    String model = embedder.modelId();
    String after = context.checkpoint() == null ? "" : context.checkpoint();
    context.total(context.processed() + count(p, model, after));
    while (true) {
      Map<String, List<ChunkText>> page = page(p, model, after);
      if (page.isEmpty()) {
        return;
      }
      List<String> texts = new ArrayList<>();
      page.values().forEach(cs -> cs.forEach(c -> texts.add(c.text())));
      long reusedBefore = embedder.reused();
      long computedBefore = embedder.computed();
      List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embed(texts);
      context.count("vectorsReused", embedder.reused() - reusedBefore);
      context.count("vectorsComputed", embedder.computed() - computedBefore);
      int at = 0;
      for (Map.Entry<String, List<ChunkText>> e : page.entrySet()) {
        List<float[]> own = vectors.subList(at, at + e.getValue().size());
        at += e.getValue().size();
        context.count("chunks", store(p.source(), e.getKey(), e.getValue(), own, model));
        context.count("records", 1);
        after = e.getKey();
      }
      if (!context.checkpoint(after, page.size())) {
        return;
      }
    }
  }

  private static final String SELECTION =
      " FROM records WHERE source = ? AND status = 'indexed' AND (? OR embedding_model IS"
          + " DISTINCT FROM ?) AND external_id > ?";

  private long count(JobParams.Reembed p, String model, String after) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*)" + SELECTION)) {
      bind(ps, p, model, after);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "counting the records to re-embed of " + p.source());
    }
  }

  private Map<String, List<ChunkText>> page(JobParams.Reembed p, String model, String after) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.external_id, ch.id, ch.text FROM (SELECT external_id"
                    + SELECTION
                    + " ORDER BY external_id LIMIT ?) r LEFT JOIN chunks ch ON ch.source = ? AND"
                    + " ch.external_id = r.external_id ORDER BY r.external_id, ch.ordinal")) {
      bind(ps, p, model, after);
      ps.setInt(5, PAGE);
      ps.setString(6, p.source());
      Map<String, List<ChunkText>> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<ChunkText> chunks = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
          if (rs.getString(2) != null) {
            chunks.add(new ChunkText(rs.getString(2), rs.getString(3)));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "selecting records to re-embed of " + p.source());
    }
  }

  private static void bind(PreparedStatement ps, JobParams.Reembed p, String model, String after)
      throws SQLException {
    ps.setString(1, p.source());
    ps.setBoolean(2, p.all());
    ps.setString(3, model);
    ps.setString(4, after);
  }

  /** Replaces one record's vectors under its row lock; returns the chunks updated. */
  private int store(
      String source, String id, List<ChunkText> chunks, List<float[]> vectors, String model) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock =
            c.prepareStatement(
                "SELECT 1 FROM records WHERE source = ? AND external_id = ? AND status ="
                    + " 'indexed' FOR UPDATE")) {
          lock.setString(1, source);
          lock.setString(2, id);
          try (ResultSet rs = lock.executeQuery()) {
            if (!rs.next()) {
              c.rollback();
              return 0; // deleted meanwhile
            }
          }
        }
        int updated = 0;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE chunks SET embedding = ?, provenance = provenance ||"
                    + " jsonb_build_object('embeddingModel', CAST(? AS text)) WHERE id ="
                    + " CAST(? AS uuid) AND text = ?")) {
          for (int i = 0; i < chunks.size(); i++) {
            ps.setObject(1, new PGvector(vectors.get(i)));
            ps.setString(2, model);
            ps.setString(3, chunks.get(i).id());
            ps.setString(4, chunks.get(i).text());
            ps.addBatch();
          }
          for (int n : ps.executeBatch()) {
            updated += Math.max(0, n);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE records SET embedding_model = ? WHERE source = ? AND external_id = ?")) {
          ps.setString(1, model);
          ps.setString(2, source);
          ps.setString(3, id);
          ps.executeUpdate();
        }
        c.commit();
        return updated;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "re-embedding " + source + "/" + id);
    }
  }

  private void runGeneration(JobContext context, JobParams.Reembed p) {
    EmbeddingGeneration g = generationToFill(context, p);
    if (g == null) {
      return; // the model's generation serves already
    }
    if (!context.counts().containsKey("generation")) {
      context.count("generation", g.id()); // which generation, in the job's report
    }
    context.total(context.processed() + generations.missing(g));
    String cursor = GENERATION + g.id();
    if (g.state() == State.BUILDING) {
      UUID after = null; // the build reads on from the last batch (see buildStep)
      while (true) {
        GenerationService.BuildStep step = generations.buildStep(g, after);
        if (step.chunks() == 0) {
          if (after == null) {
            break;
          }
          after = null;
          continue;
        }
        after = step.last();
        context.count("chunks", step.chunks());
        context.count("vectorsReused", step.reused());
        context.count("vectorsComputed", step.computed());
        if (!context.checkpoint(cursor, step.chunks())) {
          if (context.cancelled()) {
            generations.drop(g.id());
            audited(context, "generation.drop", g, Map.of("reason", "job cancelled"));
          }
          return;
        }
      }
      generations.markBuilt(g.id());
    }
    if (Boolean.TRUE.equals(p.activate())) {
      int before = generations.serving().generation().id();
      EmbeddingGeneration active = generations.activate(g.id());
      audited(context, "generation.activate", active, Map.of("previous", before));
    }
    context.checkpoint(cursor, 0);
  }

  /**
   * The generation this job fills: the one its checkpoint names (a resumed job), else the model's
   * live one that does not serve (a build a crash left behind, or a ready or retired one to switch
   * to), else a new one; {@code null} when the model's generation serves already.
   */
  private EmbeddingGeneration generationToFill(JobContext context, JobParams.Reembed p) {
    String checkpoint = context.checkpoint();
    if (checkpoint != null && checkpoint.startsWith(GENERATION)) {
      int id = Integer.parseInt(checkpoint.substring(GENERATION.length()));
      EmbeddingGeneration g =
          generations
              .get(id)
              .orElseThrow(() -> new IllegalStateException("generation " + id + " is gone"));
      if (g.state() == State.ACTIVE && generations.serving().generation().id() == id) {
        return null;
      }
      if (!g.state().live()) {
        throw new IllegalStateException("generation " + id + " is " + g.state().wire());
      }
      return g;
    }
    java.util.Optional<EmbeddingGeneration> live = generations.liveOf(p.model());
    if (live.isPresent()) {
      EmbeddingGeneration g = live.get();
      if (generations.serving().generation().id() == g.id()) {
        context.count("alreadyServing", 1);
        return null;
      }
      if (g.state() == State.BUILDING && generations.building(g.id())) {
        throw new IllegalStateException(
            "generation "
                + g.id()
                + " of "
                + g.modelId()
                + " is being built (POST /v1/generations)");
      }
      context.checkpoint(GENERATION + g.id(), 0);
      return g;
    }
    EmbeddingGeneration g = generations.create(p.model());
    audited(context, "generation.build", g, Map.of());
    context.checkpoint(GENERATION + g.id(), 0);
    return g;
  }

  private void audited(
      JobContext context, String action, EmbeddingGeneration g, Map<String, Object> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("generation", g.id());
    detail.put("model", g.modelId());
    detail.put("dimension", g.dimension());
    detail.put("job", context.job().id());
    detail.putAll(extra);
    audit.append(new AuditEntry(context.actor(), action, null, null, detail));
  }
}
