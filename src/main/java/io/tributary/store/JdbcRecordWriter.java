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
import io.tributary.pipeline.RetriableException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

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
              + " :embeddingModel,"
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
              + " record_kind = NULL, embedding_model = NULL, updated_at = now(),"
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");
  private static final NamedSql TOUCH_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), updated_at = now(), "
              + Columns.ORIGIN_SET
              + " WHERE source = :source AND external_id = :id");
  private static final NamedSql RELABEL_RECORD =
      NamedSql.of(
          "UPDATE records SET version = COALESCE(:version, version), content_hash = :contentHash,"
              + " acl = :acl, updated_at = now(),"
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
  private static final NamedSql INSERT_PLACEHOLDER =
      NamedSql.of(
          "INSERT INTO records(source, external_id, status) VALUES (:source, :id, 'deleted')"
              + " ON CONFLICT (source, external_id) DO NOTHING");
  private static final NamedSql LOCK_RECORD =
      NamedSql.of(
          "SELECT version, status, origin_topic, origin_partition, origin_offset, origin_transport,"
              + " origin_path, content_hash, pipeline_version, acl FROM records WHERE source ="
              + " :source AND external_id = :id FOR UPDATE");
  private static final NamedSql DELETE_CHUNKS =
      NamedSql.of("DELETE FROM chunks WHERE source = :source AND external_id = :id");
  private static final NamedSql INSERT_CHUNK =
      NamedSql.of(
          "INSERT INTO chunks(id, source, external_id, ordinal, text, token_count, embedding,"
              + " metadata, provenance, created_at, acl) VALUES (:id, :source, :externalId,"
              + " :ordinal, :text, :tokenCount, :embedding, :metadata::jsonb, :provenance::jsonb,"
              + " :createdAt, :acl)");

  private final DataSource dataSource;
  private final Columns columns;
  private final AuditSink auditSink;

  public JdbcRecordWriter(DataSource dataSource, ObjectMapper json, AuditSink auditSink) {
    this.dataSource = dataSource;
    this.columns = new Columns(json);
    this.auditSink = auditSink;
  }

  @Override
  public IngestStatus replace(
      RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = write.key();
    SourceRecord record = write.record().source();
    return underRowLock(
        "replacing chunks of " + key,
        record,
        audit,
        (c, locked) -> {
          refuseConflict(
              locked, record, write.contentHash(), write.pipelineVersion(), equalVersion);
          deleteChunks(c, key);
          insertChunks(c, write);
          try (PreparedStatement ps = c.prepareStatement(INDEX_RECORD.sql())) {
            NamedSql.Params p =
                INDEX_RECORD
                    .on(ps)
                    .setLong("version", record.version())
                    .setString("contentHash", write.contentHash())
                    .setString("pipelineVersion", write.pipelineVersion())
                    .setArray("acl", c.createArrayOf("text", write.record().acl().toArray()))
                    .setString("redactions", columns.toJson(write.record().report().counts()))
                    .setInt("chunkCount", write.chunks().size())
                    .setString(
                        "redactionsByField", columns.toJson(write.record().report().byField()))
                    .setString("fields", columns.toJson(write.record().fields()))
                    .setString("redactedText", write.record().text())
                    .setString("redactedMetadata", columns.toJson(write.record().metadata()))
                    .setString("policyVersion", write.record().policyVersion())
                    .setString("recordKind", record.kind().name())
                    .setString("embeddingModel", write.embeddingModel())
                    .setString("source", key.source())
                    .setString("id", key.id());
            Columns.setOrigin(p, record.origin());
            ps.executeUpdate();
          }
          return IngestStatus.INDEXED;
        });
  }

  @Override
  public IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    return underRowLock(
        "deleting " + record.key(),
        record,
        audit,
        (c, locked) -> {
          deleteChunks(c, record.key());
          updateVersionAndOrigin(c, TOMBSTONE_RECORD, record);
          // a deleted record's encrypted original (tributary.originals) goes with it
          try (PreparedStatement ps = c.prepareStatement(DELETE_ORIGINAL.sql())) {
            DELETE_ORIGINAL
                .on(ps)
                .setString("source", record.key().source())
                .setString("id", record.key().id());
            ps.executeUpdate();
          }
          return IngestStatus.DELETED;
        });
  }

  @Override
  public IngestStatus touch(
      SourceRecord record,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    return underRowLock(
        "recording the delivery of " + record.key(),
        record,
        audit,
        (c, locked) -> {
          refuseConflict(locked, record, contentHash, pipelineVersion, equalVersion);
          updateVersionAndOrigin(c, TOUCH_RECORD, record);
          return IngestStatus.UNCHANGED;
        });
  }

  @Override
  public IngestStatus updateAcl(
      SourceRecord record,
      String storedHash,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = record.key();
    return underRowLock(
        "updating the ACL of " + key,
        record,
        audit,
        (c, locked) -> {
          refuseConflict(locked, record, contentHash, pipelineVersion, equalVersion);
          if (!locked.holds(storedHash, pipelineVersion)) {
            throw new RetriableException(
                StageName.STORE, "record " + key + " changed while its ACL was updated", null);
          }
          Array acl = c.createArrayOf("text", record.acl().toArray());
          try (PreparedStatement ps = c.prepareStatement(RELABEL_CHUNKS.sql())) {
            RELABEL_CHUNKS
                .on(ps)
                .setArray("acl", acl)
                .setLong("version", record.version())
                .setString("contentHash", contentHash)
                .setString("origin", columns.toJson(record.origin()))
                .setString("source", key.source())
                .setString("id", key.id());
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement(RELABEL_RECORD.sql())) {
            NamedSql.Params p =
                RELABEL_RECORD
                    .on(ps)
                    .setLong("version", record.version())
                    .setString("contentHash", contentHash)
                    .setArray("acl", acl)
                    .setString("source", key.source())
                    .setString("id", key.id());
            Columns.setOrigin(p, record.origin());
            ps.executeUpdate();
          }
          return IngestStatus.ACL_UPDATED;
        });
  }

  @FunctionalInterface
  private interface LockedWrite {
    IngestStatus run(Connection c, StoredRecord locked) throws SQLException;
  }

  /**
   * One transaction: lock the record's row; {@link IngestStatus#STALE} when a newer version is
   * stored, else the write's outcome; the audit entry of that outcome in the same transaction.
   */
  private IngestStatus underRowLock(
      String what,
      SourceRecord record,
      Function<IngestStatus, AuditEntry> audit,
      LockedWrite write) {
    return Columns.inTransaction(
        dataSource,
        what,
        c -> {
          StoredRecord locked = lockRecord(c, record.key());
          IngestStatus status =
              locked.isNewerThan(record) ? IngestStatus.STALE : write.run(c, locked);
          auditSink.append(c, List.of(audit.apply(status)));
          return status;
        });
  }

  /** Runs an update whose only parameters are the version, the origin and the key. */
  private static void updateVersionAndOrigin(Connection c, NamedSql update, SourceRecord record)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(update.sql())) {
      NamedSql.Params p =
          update
              .on(ps)
              .setLong("version", record.version())
              .setString("source", record.key().source())
              .setString("id", record.key().id());
      Columns.setOrigin(p, record.origin());
      ps.executeUpdate();
    }
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

  /** Creates the source and a placeholder row if needed, then locks the record's row. */
  private static StoredRecord lockRecord(Connection c, RecordKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_SOURCE.sql())) {
      INSERT_SOURCE.on(ps).setString("source", key.source());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_PLACEHOLDER.sql())) {
      INSERT_PLACEHOLDER.on(ps).setString("source", key.source()).setString("id", key.id());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK_RECORD.sql())) {
      LOCK_RECORD.on(ps).setString("source", key.source()).setString("id", key.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new StoredRecord(
            key,
            Columns.nullableLong(rs, "version"),
            RecordState.parse(rs.getString("status")),
            rs.getString("content_hash"),
            rs.getString("pipeline_version"),
            0,
            null,
            Instant.now(),
            Columns.origin(rs),
            Columns.textArray(rs, "acl"));
      }
    }
  }

  private static void deleteChunks(Connection c, RecordKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_CHUNKS.sql())) {
      DELETE_CHUNKS.on(ps).setString("source", key.source()).setString("id", key.id());
      ps.executeUpdate();
    }
  }

  private void insertChunks(Connection c, RecordWrite write) throws SQLException {
    Instant now = Instant.now();
    RecordKey key = write.key();
    // The vectors go to their model's generation: generation 1 is the chunks.embedding column, a
    // later one its own table. Before any generation is registered (the start registers one) they
    // go to the column; a model without a live generation writes none (never a mix in a column).
    int generation = generationOf(c, write.embeddingModel());
    boolean inColumn = generation == 1;
    try (PreparedStatement ps = c.prepareStatement(INSERT_CHUNK.sql())) {
      NamedSql.Params p = INSERT_CHUNK.on(ps);
      Array acl = c.createArrayOf("text", write.record().acl().toArray());
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
        p.setObject("id", chunk.id())
            .setString("source", key.source())
            .setString("externalId", key.id())
            .setInt("ordinal", chunk.ordinal())
            .setString("text", chunk.text())
            .setInt("tokenCount", chunk.tokenCount())
            .setObject("embedding", inColumn ? new PGvector(ec.vector()) : null)
            .setString("metadata", columns.toJson(metadata))
            .setString("provenance", columns.toJson(provenance))
            .setTimestamp("createdAt", Timestamp.from(now))
            .setArray("acl", acl);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (generation > 1) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO chunk_vectors_"
                  + generation
                  + "(chunk_id, embedding) VALUES (?, ?) ON CONFLICT (chunk_id) DO UPDATE SET"
                  + " embedding = EXCLUDED.embedding")) {
        for (EmbeddedChunk ec : write.chunks()) {
          ps.setObject(1, ec.chunk().id());
          ps.setObject(2, new PGvector(ec.vector()));
          ps.addBatch();
        }
        ps.executeBatch();
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
