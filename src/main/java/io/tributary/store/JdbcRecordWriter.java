package io.tributary.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestStatus;
import io.tributary.model.Provenance;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordState;
import io.tributary.model.RecordWrite;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.StageClock;
import io.tributary.pipeline.StageClock.Stage;
import io.tributary.pipeline.StageName;
import io.tributary.pipeline.VersionConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** {@link RecordWriter} over PostgreSQL + pgvector with plain JDBC and explicit transactions. */
@ApplicationScoped
public class JdbcRecordWriter implements RecordWriter {

  private static final NamedSql INDEX_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), status = 'indexed',"
              + " content_hash = :contentHash, pipeline_version = :pipelineVersion, acl = :acl,"
              + " redactions = :redactions::jsonb, chunk_count = :chunkCount, updated_at = now(),"
              + " redactions_by_field = :redactionsByField::jsonb, fields = :fields::jsonb,"
              + " redacted_text = :redactedText, redacted_metadata = :redactedMetadata::jsonb,"
              + " policy_version = :policyVersion, record_kind = :recordKind, embedding_model ="
              + " :embeddingModel, raw_digest = :rawDigest,"
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");
  private static final NamedSql DELETE_ORIGINAL =
      NamedSql.of("DELETE FROM record_originals WHERE source = :source AND external_id = :id");
  private static final NamedSql TOMBSTONE_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), status = 'deleted',"
              + " content_hash = NULL, pipeline_version = NULL, redactions = '{}'::jsonb,"
              + " redactions_by_field = '{}'::jsonb, fields = '{}'::jsonb, chunk_count = 0,"
              + " redacted_text = NULL, redacted_metadata = NULL, policy_version = NULL,"
              + " record_kind = NULL, embedding_model = NULL, raw_digest = NULL, updated_at ="
              + " now(),"
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");

  /**
   * The delivery's raw digest becomes the record's only while the record holds the content and
   * pipeline version the delivery was found equal to; else (a concurrent writer changed it) none.
   */
  private static final NamedSql TOUCH_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), updated_at = now(),"
              + " raw_digest = CASE WHEN content_hash = :contentHash AND pipeline_version ="
              + " :pipelineVersion THEN :rawDigest END, "
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");

  private static final NamedSql RELABEL_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), content_hash = :contentHash,"
              + " acl = :acl, updated_at = now(), raw_digest = :rawDigest,"
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");

  /** The chunks keep their text, vector, metadata and ingestion time: only who may read them. */
  private static final NamedSql RELABEL_CHUNKS =
      NamedSql.of(
          "UPDATE chunks SET acl = :acl, provenance = provenance || jsonb_build_object("
              + "'recordVersion', CAST(:version AS bigint), 'contentHash', CAST(:contentHash AS"
              + " text), 'origin', CAST(:origin AS jsonb)) WHERE source = :source AND external_id"
              + " = :id");

  private static final NamedSql INSERT_SOURCE =
      NamedSql.of("INSERT INTO sources(name) VALUES (:source) ON CONFLICT DO NOTHING");

  /** Placeholders in id order, so that writers of overlapping batches lock in one order. */
  private static final NamedSql INSERT_PLACEHOLDERS =
      NamedSql.of(
          "INSERT INTO records(source, external_id, status) SELECT :source, t.id, 'deleted' FROM"
              + " unnest(CAST(:ids AS text[])) AS t(id) ORDER BY t.id"
              + " ON CONFLICT (source, external_id) DO NOTHING");

  private static final NamedSql LOCK_RECORDS =
      NamedSql.of(
          "SELECT external_id, version, status, origin_topic, origin_partition, origin_offset,"
              + " origin_transport, origin_path, content_hash, pipeline_version, acl FROM records"
              + " WHERE source = :source AND external_id = ANY(CAST(:ids AS text[]))"
              + " ORDER BY external_id FOR UPDATE");
  private static final NamedSql DELETE_CHUNKS =
      NamedSql.of("DELETE FROM chunks WHERE source = :source AND external_id = :id");
  private static final Statements.RowInsert INSERT_CHUNKS =
      new Statements.RowInsert(
          "INSERT INTO chunks(id, source, external_id, ordinal, text, token_count, embedding,"
              + " metadata, provenance, created_at, acl) VALUES ",
          "(?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)",
          11);

  private static final Logger LOG = Logger.getLogger(JdbcRecordWriter.class);

  private final DataSource dataSource;
  private final Columns columns;
  private final AuditSink auditSink;
  private final StageClock clock;

  public JdbcRecordWriter(
      DataSource dataSource, ObjectMapper json, AuditSink auditSink, StageClock clock) {
    this.dataSource = dataSource;
    this.columns = new Columns(json);
    this.auditSink = auditSink;
    this.clock = clock;
  }

  @Override
  public IngestStatus replace(
      RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit) {
    return single("replacing chunks of ", new Write.Replace(write, equalVersion, audit));
  }

  @Override
  public IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    return single("deleting ", new Write.Delete(record, audit));
  }

  @Override
  public IngestStatus touch(
      SourceRecord record,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    return single(
        "recording the delivery of ",
        new Write.Touch(record, contentHash, pipelineVersion, equalVersion, audit, null));
  }

  @Override
  public IngestStatus updateAcl(
      SourceRecord record,
      String storedHash,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    return single(
        "updating the ACL of ",
        new Write.UpdateAcl(
            record, storedHash, contentHash, pipelineVersion, equalVersion, audit, null));
  }

  /**
   * All the writes in one transaction: the rows locked by one statement per source, each write's
   * statements batched with the others', the audit entries appended once. When a record's data
   * violates a constraint the transaction rolls back and the writes are applied one by one, each in
   * its own transaction, so that only that record is refused.
   */
  @Override
  public List<Result> writeAll(List<Write> writes) {
    if (writes.isEmpty()) {
      return List.of();
    }
    try {
      return timed(
          "writing a batch of " + writes.size() + " records",
          audit -> c -> apply(c, writes, audit));
    } catch (PoisonRecordException e) {
      if (writes.size() == 1) {
        return List.of(new Result(null, e));
      }
      LOG.warnf(
          "a record of a batch of %d violates a constraint (%s); writing them one by one",
          writes.size(), e.causeClass());
      return RecordWriter.super.writeAll(writes);
    }
  }

  private IngestStatus single(String what, Write write) {
    Result result =
        timed(what + write.record().key(), audit -> c -> apply(c, List.of(write), audit).get(0));
    if (result.refusal() != null) {
      throw result.refusal();
    }
    return result.status();
  }

  /**
   * Locks the records' rows; then, in order, for each write {@link IngestStatus#STALE} when a newer
   * version is stored, else its outcome, decided on the locked state as the earlier writes of the
   * list left it; the audit entries of the outcomes at the end, in the same transaction. A record
   * written twice starts a new round of statements, so its writes apply in order.
   */
  private List<Result> apply(Connection c, List<Write> writes, long[] auditNanos)
      throws SQLException {
    Map<RecordKey, StoredRecord> locked =
        lockRecords(c, writes.stream().map(w -> w.record().key()).toList());
    Statements round = new Statements();
    Set<RecordKey> inRound = new HashSet<>();
    Map<String, Integer> generations = new HashMap<>();
    List<AuditEntry> audits = new ArrayList<>(writes.size());
    List<Result> results = new ArrayList<>(writes.size());
    Instant now = Instant.now();
    for (Write w : writes) {
      RecordKey key = w.record().key();
      if (!inRound.add(key)) {
        round.execute(c);
        inRound.clear();
        inRound.add(key);
      }
      StoredRecord state = locked.get(key);
      IngestStatus status;
      if (state.isNewerThan(w.record())) {
        status = IngestStatus.STALE;
      } else {
        try {
          status = enqueue(c, w, state, round, generations, now);
        } catch (VersionConflictException e) {
          results.add(new Result(null, e));
          continue;
        }
        locked.put(key, after(state, w, now));
      }
      audits.add(w.audit().apply(status));
      results.add(new Result(status, null));
    }
    round.execute(c);
    long t0 = System.nanoTime();
    auditSink.append(c, audits);
    auditNanos[0] = System.nanoTime() - t0;
    return results;
  }

  /**
   * A transaction whose time is recorded as {@link Stage#WRITE}, less the time of its audit rows
   * (recorded as {@link Stage#AUDIT}), also when it fails.
   */
  private <T> T timed(String what, Function<long[], Columns.SqlWork<T>> work) {
    long[] auditNanos = {0};
    long t0 = System.nanoTime();
    try {
      return Columns.inTransaction(dataSource, what, work.apply(auditNanos));
    } finally {
      clock.record(Stage.AUDIT, auditNanos[0]);
      clock.record(Stage.WRITE, System.nanoTime() - t0 - auditNanos[0]);
    }
  }

  /** Adds a write's statements to the round; its outcome. */
  private IngestStatus enqueue(
      Connection c,
      Write w,
      StoredRecord locked,
      Statements round,
      Map<String, Integer> generations,
      Instant now)
      throws SQLException {
    SourceRecord record = w.record();
    if (w instanceof Write.Replace r) {
      RecordWrite write = r.write();
      refuseConflict(
          locked, record, write.contentHash(), write.pipelineVersion(), r.equalVersion());
      deleteChunks(round, record.key());
      Integer generation = generations.get(write.embeddingModel());
      if (generation == null) {
        generation = generationOf(c, write.embeddingModel());
        generations.put(write.embeddingModel(), generation);
      }
      insertChunks(c, round, write, generation, now);
      indexRecord(c, round, write);
      return IngestStatus.INDEXED;
    }
    if (w instanceof Write.Delete) {
      deleteChunks(round, record.key());
      updateVersionAndOrigin(round, TOMBSTONE_RECORD, record);
      // a deleted record's encrypted original (tributary.originals) goes with it
      round.add(
          DELETE_ORIGINAL.sql(),
          ps ->
              DELETE_ORIGINAL
                  .on(ps)
                  .setString("source", record.key().source())
                  .setString("id", record.key().id()));
      return IngestStatus.DELETED;
    }
    if (w instanceof Write.Touch t) {
      refuseConflict(locked, record, t.contentHash(), t.pipelineVersion(), t.equalVersion());
      round.add(
          TOUCH_RECORD.sql(),
          ps -> {
            NamedSql.Params p =
                TOUCH_RECORD
                    .on(ps)
                    .setLong("version", record.version())
                    .setString("contentHash", t.contentHash())
                    .setString("pipelineVersion", t.pipelineVersion())
                    .setString("rawDigest", t.rawDigest())
                    .setString("source", record.key().source())
                    .setString("id", record.key().id());
            Columns.setOrigin(p, record.origin());
          });
      return IngestStatus.UNCHANGED;
    }
    Write.UpdateAcl a = (Write.UpdateAcl) w;
    refuseConflict(locked, record, a.contentHash(), a.pipelineVersion(), a.equalVersion());
    RecordKey key = record.key();
    if (!locked.holds(a.storedHash(), a.pipelineVersion())) {
      throw new RetriableException(
          StageName.STORE, "record " + key + " changed while its ACL was updated", null);
    }
    Array acl = c.createArrayOf("text", record.acl().toArray());
    String origin = columns.toJson(record.origin());
    round.add(
        RELABEL_CHUNKS.sql(),
        ps ->
            RELABEL_CHUNKS
                .on(ps)
                .setArray("acl", acl)
                .setLong("version", record.version())
                .setString("contentHash", a.contentHash())
                .setString("origin", origin)
                .setString("source", key.source())
                .setString("id", key.id()));
    round.add(
        RELABEL_RECORD.sql(),
        ps -> {
          NamedSql.Params p =
              RELABEL_RECORD
                  .on(ps)
                  .setLong("version", record.version())
                  .setString("contentHash", a.contentHash())
                  .setArray("acl", acl)
                  .setString("rawDigest", a.rawDigest())
                  .setString("source", key.source())
                  .setString("id", key.id());
          Columns.setOrigin(p, record.origin());
        });
    return IngestStatus.ACL_UPDATED;
  }

  private void indexRecord(Connection c, Statements round, RecordWrite write) throws SQLException {
    RecordKey key = write.key();
    SourceRecord record = write.record().source();
    Array acl = c.createArrayOf("text", write.record().acl().toArray());
    String redactions = columns.toJson(write.record().report().counts());
    String byField = columns.toJson(write.record().report().byField());
    String fields = columns.toJson(write.record().fields());
    String metadata = columns.toJson(write.record().metadata());
    round.add(
        INDEX_RECORD.sql(),
        ps -> {
          NamedSql.Params p =
              INDEX_RECORD
                  .on(ps)
                  .setLong("version", record.version())
                  .setString("contentHash", write.contentHash())
                  .setString("pipelineVersion", write.pipelineVersion())
                  .setArray("acl", acl)
                  .setString("redactions", redactions)
                  .setInt("chunkCount", write.chunks().size())
                  .setString("redactionsByField", byField)
                  .setString("fields", fields)
                  .setString("redactedText", write.record().text())
                  .setString("redactedMetadata", metadata)
                  .setString("policyVersion", write.record().policyVersion())
                  .setString("recordKind", record.kind().name())
                  .setString("embeddingModel", write.embeddingModel())
                  .setString("rawDigest", write.rawDigest())
                  .setString("source", key.source())
                  .setString("id", key.id());
          Columns.setOrigin(p, record.origin());
        });
  }

  /** The locked state as a write that was applied leaves it, for a later write of the record. */
  private static StoredRecord after(StoredRecord s, Write w, Instant now) {
    SourceRecord r = w.record();
    Long version = r.version() != null ? r.version() : s.version();
    if (w instanceof Write.Replace rep) {
      RecordWrite write = rep.write();
      return new StoredRecord(
          s.key(),
          version,
          RecordState.INDEXED,
          write.contentHash(),
          write.pipelineVersion(),
          write.chunks().size(),
          write.record().report(),
          now,
          r.origin(),
          write.record().acl(),
          null);
    }
    if (w instanceof Write.Delete) {
      return new StoredRecord(
          s.key(),
          version,
          RecordState.DELETED,
          null,
          null,
          0,
          null,
          now,
          r.origin(),
          s.acl(),
          null);
    }
    boolean acl = w instanceof Write.UpdateAcl;
    return new StoredRecord(
        s.key(),
        version,
        s.state(),
        acl ? ((Write.UpdateAcl) w).contentHash() : s.contentHash(),
        s.pipelineVersion(),
        s.chunkCount(),
        s.redactions(),
        now,
        r.origin(),
        acl ? r.acl() : s.acl(),
        null);
  }

  /** An update whose only parameters are the version, the origin and the key. */
  private static void updateVersionAndOrigin(
      Statements round, NamedSql update, SourceRecord record) {
    round.add(
        update.sql(),
        ps -> {
          NamedSql.Params p =
              update
                  .on(ps)
                  .setLong("version", record.version())
                  .setString("source", record.key().source())
                  .setString("id", record.key().id());
          Columns.setOrigin(p, record.origin());
        });
  }

  /**
   * Under {@code reject}, throws when the locked row holds the incoming version with other content:
   * of two writers of one version, the second sees the first's hash here, so only one can win.
   */
  private static void refuseConflict(
      StoredRecord locked,
      SourceRecord incoming,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion) {
    if (equalVersion == EqualVersion.REJECT
        && locked.conflictsWith(incoming, contentHash, pipelineVersion)) {
      throw new VersionConflictException(locked.version(), locked.contentHash(), contentHash);
    }
  }

  /**
   * Creates the sources and placeholder rows if needed, then locks the records' rows: one statement
   * each per source, rows in id order.
   */
  private static Map<RecordKey, StoredRecord> lockRecords(Connection c, List<RecordKey> keys)
      throws SQLException {
    Map<String, TreeSet<String>> bySource = new TreeMap<>();
    for (RecordKey key : keys) {
      bySource.computeIfAbsent(key.source(), s -> new TreeSet<>()).add(key.id());
    }
    Map<RecordKey, StoredRecord> locked = new HashMap<>();
    for (Map.Entry<String, TreeSet<String>> e : bySource.entrySet()) {
      String source = e.getKey();
      Array ids = c.createArrayOf("text", e.getValue().toArray());
      try (PreparedStatement ps = c.prepareStatement(INSERT_SOURCE.sql())) {
        INSERT_SOURCE.on(ps).setString("source", source);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_PLACEHOLDERS.sql())) {
        INSERT_PLACEHOLDERS.on(ps).setString("source", source).setArray("ids", ids);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(LOCK_RECORDS.sql())) {
        LOCK_RECORDS.on(ps).setString("source", source).setArray("ids", ids);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            RecordKey key = new RecordKey(source, rs.getString("external_id"));
            locked.put(
                key,
                new StoredRecord(
                    key,
                    Columns.nullableLong(rs, "version"),
                    RecordState.parse(rs.getString("status")),
                    rs.getString("content_hash"),
                    rs.getString("pipeline_version"),
                    0,
                    null,
                    Instant.now(),
                    Columns.origin(rs),
                    Columns.textArray(rs, "acl"),
                    null));
          }
        }
      }
    }
    return locked;
  }

  private static void deleteChunks(Statements round, RecordKey key) {
    round.add(
        DELETE_CHUNKS.sql(),
        ps -> DELETE_CHUNKS.on(ps).setString("source", key.source()).setString("id", key.id()));
  }

  /**
   * The vectors go to their model's generation: generation 1 is the chunks.embedding column, a
   * later one its own table. Before any generation is registered (the start registers one) they go
   * to the column; a model without a live generation writes none (never a mix in a column).
   */
  private void insertChunks(
      Connection c, Statements round, RecordWrite write, int generation, Instant now)
      throws SQLException {
    RecordKey key = write.key();
    boolean inColumn = generation == 1;
    Array acl = c.createArrayOf("text", write.record().acl().toArray());
    Timestamp createdAt = Timestamp.from(now);
    for (EmbeddedChunk ec : write.chunks()) {
      Chunk chunk = ec.chunk();
      Provenance provenance =
          new Provenance(
              key.source(),
              key.id(),
              write.record().source().version(),
              chunk.ordinal(),
              write.contentHash(),
              write.embeddingModel(),
              now,
              write.record().report().counts(),
              write.record().source().origin(),
              write.record().policyVersion(),
              documentOf(write),
              chunk.location(),
              changeOf(write));
      Map<String, String> metadata = new LinkedHashMap<>(write.metadata());
      metadata.putAll(chunk.location());
      String metadataJson = columns.toJson(metadata);
      String provenanceJson = columns.toJson(provenance);
      round.addRow(
          INSERT_CHUNKS,
          (ps, at) -> {
            ps.setObject(at + 1, chunk.id());
            ps.setString(at + 2, key.source());
            ps.setString(at + 3, key.id());
            ps.setInt(at + 4, chunk.ordinal());
            ps.setString(at + 5, chunk.text());
            ps.setInt(at + 6, chunk.tokenCount());
            ps.setObject(at + 7, inColumn ? new PGvector(ec.vector()) : null);
            ps.setString(at + 8, metadataJson);
            ps.setString(at + 9, provenanceJson);
            ps.setTimestamp(at + 10, createdAt);
            ps.setArray(at + 11, acl);
          });
    }
    if (generation > 1) {
      String upsert =
          "INSERT INTO chunk_vectors_"
              + generation
              + "(chunk_id, embedding) VALUES (?, ?) ON CONFLICT (chunk_id) DO UPDATE SET"
              + " embedding = EXCLUDED.embedding";
      for (EmbeddedChunk ec : write.chunks()) {
        round.add(
            upsert,
            ps -> {
              ps.setObject(1, ec.chunk().id());
              ps.setObject(2, new PGvector(ec.vector()));
            });
      }
    }
  }

  /**
   * The live generation of a model, read in the writing transaction: 1 also when none is registered
   * at all, 0 when the model has none but others exist.
   */
  private static int generationOf(Connection c, String modelId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce((SELECT id FROM embedding_generations WHERE model_id = ? AND state IN"
                + " ('building', 'ready', 'active', 'retired')), CASE WHEN EXISTS (SELECT 1 FROM"
                + " embedding_generations) THEN 0 ELSE 1 END)")) {
      ps.setString(1, modelId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** The {@code cdc.*} metadata of a change event's record, without the prefix, for provenance. */
  private static Map<String, String> changeOf(RecordWrite write) {
    Map<String, String> change = new LinkedHashMap<>();
    write
        .metadata()
        .forEach(
            (k, v) -> {
              if (k.startsWith("cdc.")) {
                change.put(k.substring("cdc.".length()), v);
              }
            });
    return change;
  }

  /** A document's redacted properties, for provenance; records have none. */
  private static Map<String, String> documentOf(RecordWrite write) {
    if (write.record().source().kind() != RecordKind.DOCUMENT) {
      return Map.of();
    }
    Map<String, String> document = new LinkedHashMap<>(write.record().fields());
    write.record().metadata().forEach(document::putIfAbsent);
    return document;
  }
}
