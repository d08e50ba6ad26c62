package io.tributary.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.SourceCatalog;
import io.tributary.embed.Embedder;
import io.tributary.ingest.IngestPipeline;
import io.tributary.ingest.Originals;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordOp;
import io.tributary.model.RecordOutcome;
import io.tributary.model.RedactedRecord;
import io.tributary.model.RedactionReport;
import io.tributary.model.SourceRecord;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code reindex}: re-processes the indexed records of a source whose pipeline version is not the
 * current one (or every one, with {@code all}), in id order, one page per checkpoint (the last id
 * of the page). Each record is re-processed from its original when a reader can read it (Kafka,
 * directory files, encrypted originals), else from its kept redacted form when the redaction policy
 * it went through is the current one (only template, chunker or model changed), else it is listed
 * as {@code needsResend}. A record re-processed before a crash is current and drops out of the
 * selection when the job resumes: none is processed twice, none skipped.
 */
@ApplicationScoped
public class ReindexKind implements JobKind {

  static final int PAGE = 20;
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Integer>> INTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Map<String, Integer>>> BY_FIELD =
      new TypeReference<>() {};

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final SourceCatalog sources;
  private final IngestPipeline pipeline;
  private final Originals originals;
  private final Embedder embedder;

  /** A selected record: where it came from and its kept redacted form. */
  record Selected(String id, Origin origin, Optional<RedactedRecord> redacted) {}

  public ReindexKind(
      DataSource dataSource,
      ObjectMapper json,
      SourceCatalog sources,
      IngestPipeline pipeline,
      Originals originals,
      Embedder embedder) {
    this.embedder = embedder;
    this.dataSource = dataSource;
    this.json = json;
    this.sources = sources;
    this.pipeline = pipeline;
    this.originals = originals;
  }

  @Override
  public String type() {
    return JobParams.REINDEX;
  }

  @Override
  public String prepare(JobParams params) {
    sources.reload(params.source()); // an edited policy applies without a restart
    // Records and documents get different versions (template vs parser); both are current.
    return String.join(",", pipeline.currentPipelineVersions(params.source()));
  }

  @Override
  public void run(JobContext context) {
    JobParams.Reindex p = (JobParams.Reindex) context.params();
    String source = p.source();
    sources.reload(source);
    List<String> current = List.of(context.job().pipelineVersion().split(","));
    String policy = pipeline.currentPolicyVersion(source);
    String after = context.checkpoint() == null ? "" : context.checkpoint();
    context.total(context.processed() + count(source, current, p.all(), after));
    while (true) {
      List<Selected> page = select(source, current, p.all(), after, PAGE);
      if (page.isEmpty()) {
        return;
      }
      reprocess(context, source, policy, page);
      after = page.get(page.size() - 1).id();
      if (!context.checkpoint(after, page.size())) {
        return;
      }
    }
  }

  private void reprocess(JobContext context, String source, String policy, List<Selected> page) {
    List<IngestItem> items = new ArrayList<>();
    List<RedactedRecord> redacted = new ArrayList<>();
    for (Selected r : page) {
      context.count("selected", 1);
      Optional<IngestItem> original = originals.read(source, r.id(), r.origin());
      if (original.isPresent()) {
        items.add(original.get());
        context.count("fromOriginal", 1);
      } else if (r.redacted().isPresent() && policy.equals(r.redacted().get().policyVersion())) {
        redacted.add(r.redacted().get());
        context.count("fromRedacted", 1);
      } else {
        context.needsResend(r.id());
      }
    }
    // Vectors taken from the embedding cache vs computed, while this page ran (an ingest of another
    // source at the same time counts here too).
    long reusedBefore = embedder.reused();
    long computedBefore = embedder.computed();
    List<RecordOutcome> outcomes = new ArrayList<>();
    if (!items.isEmpty()) {
      outcomes.addAll(pipeline.ingest(source, items, context.actor()));
    }
    if (!redacted.isEmpty()) {
      outcomes.addAll(pipeline.ingestRedacted(source, redacted, context.actor()));
    }
    context.count("vectorsReused", embedder.reused() - reusedBefore);
    context.count("vectorsComputed", embedder.computed() - computedBefore);
    for (RecordOutcome o : outcomes) {
      context.count(o.status().wire(), 1);
      if (o.error() != null) {
        context.error(o.id(), o.error());
      }
    }
  }

  private static final String SELECTION =
      " FROM records WHERE source = ? AND status = 'indexed' AND (? OR pipeline_version IS NULL OR"
          + " NOT pipeline_version = ANY (?)) AND external_id > ?";

  private long count(String source, List<String> current, boolean all, String after) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*)" + SELECTION)) {
      bind(c, ps, source, current, all, after);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "counting the records to reindex of " + source);
    }
  }

  private List<Selected> select(
      String source, List<String> current, boolean all, String after, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT external_id, origin_topic, origin_partition, origin_offset,"
                    + " origin_transport, origin_path, version, acl, fields, redacted_text,"
                    + " redacted_metadata, policy_version, record_kind, redactions,"
                    + " redactions_by_field"
                    + SELECTION
                    + " ORDER BY external_id LIMIT ?")) {
      bind(c, ps, source, current, all, after);
      ps.setInt(5, limit);
      List<Selected> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          Origin origin = origin(rs);
          out.add(new Selected(id, origin, redacted(source, id, origin, rs)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "selecting records to reindex of " + source);
    }
  }

  private static void bind(
      Connection c,
      PreparedStatement ps,
      String source,
      List<String> current,
      boolean all,
      String after)
      throws SQLException {
    ps.setString(1, source);
    ps.setBoolean(2, all);
    ps.setArray(3, c.createArrayOf("text", current.toArray()));
    ps.setString(4, after);
  }

  private static Origin origin(ResultSet rs) throws SQLException {
    String topic = rs.getString(2);
    int partition = rs.getInt(3);
    long offset = rs.getLong(4);
    String transport = rs.getString(5);
    if (topic != null) {
      return Origin.kafka(topic, partition, offset);
    }
    return transport == null
        ? Origin.http()
        : new Origin(transport, null, null, null, rs.getString(6));
  }

  /** The kept redacted form, when the record has one (stored since V11). */
  private Optional<RedactedRecord> redacted(String source, String id, Origin origin, ResultSet rs)
      throws SQLException {
    String policy = rs.getString(12);
    String kind = rs.getString(13);
    if (policy == null || kind == null) {
      return Optional.empty();
    }
    try {
      long version = rs.getLong(7);
      Long v = rs.wasNull() ? null : version;
      Array acl = rs.getArray(8);
      Map<String, String> fields = json.readValue(rs.getString(9), STRINGS);
      String text = rs.getString(10);
      String meta = rs.getString(11);
      Map<String, String> metadata = meta == null ? Map.of() : json.readValue(meta, STRINGS);
      RedactionReport report =
          new RedactionReport(
              json.readValue(rs.getString(14), INTS),
              rs.getString(15) == null ? Map.of() : json.readValue(rs.getString(15), BY_FIELD));
      SourceRecord record =
          new SourceRecord(
              new RecordKey(source, id),
              v,
              RecordOp.UPSERT,
              fields,
              text,
              acl == null ? List.of() : List.of((String[]) acl.getArray()),
              metadata,
              origin,
              RecordKind.valueOf(kind));
      return Optional.of(new RedactedRecord(record, fields, text, metadata, report, policy));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty(); // an unusable kept form: the record needs its original
    }
  }
}
