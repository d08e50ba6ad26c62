package io.tributary.jobs;

import com.pgvector.PGvector;
import io.tributary.embed.Embedder;
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
import javax.sql.DataSource;

/**
 * {@code reembed}: re-embeds the stored (redacted) chunk texts of a source with the configured
 * model, without re-chunking, one page of records per checkpoint: the records whose chunks another
 * model embedded (or every one, with {@code all}). Each record's vectors are replaced in one
 * transaction under its row lock; a chunk that an ingest replaced meanwhile (another id or text) is
 * left alone. This job re-embeds in place with the current model; building a new model generation
 * beside the active one plugs in as its own {@link JobKind}.
 */
@ApplicationScoped
public class ReembedKind implements JobKind {

  static final int PAGE = 20;

  private final DataSource dataSource;
  private final Embedder embedder;

  public ReembedKind(DataSource dataSource, Embedder embedder) {
    this.dataSource = dataSource;
    this.embedder = embedder;
  }

  @Override
  public String type() {
    return JobParams.REEMBED;
  }

  private record ChunkText(String id, String text) {}

  @Override
  public void run(JobContext context) {
    JobParams.Reembed p = (JobParams.Reembed) context.params();
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
      List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embed(texts);
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
}
