package io.tributary.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.Provenance;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordState;
import io.tributary.model.RecordWrite;
import io.tributary.model.RedactionReport;
import io.tributary.model.SearchHit;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.StageName;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/** {@link ChunkRepository} over PostgreSQL + pgvector with plain JDBC and explicit transactions. */
@ApplicationScoped
public class JdbcChunkRepository implements ChunkRepository {

  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Map<String, Integer>>> BY_FIELD = new TypeReference<>() {};

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JdbcChunkRepository(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT version, status, content_hash, pipeline_version, chunk_count, redactions, updated_at,"
                    + " redactions_by_field, origin_topic, origin_partition, origin_offset, origin_transport,"
                    + " origin_path FROM records"
                    + " WHERE source = ? AND external_id = ?")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long v = rs.getLong(1);
        Long version = rs.wasNull() ? null : v;
        return Optional.of(
            new StoredRecord(
                key,
                version,
                RecordState.parse(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                new RedactionReport(json.readValue(rs.getString(6), COUNTS), json.readValue(rs.getString(8), BY_FIELD)),
                rs.getTimestamp(7).toInstant(),
                originOf(rs, 9)));
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading record " + key);
    } catch (JsonProcessingException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt redactions column for " + key, e);
    }
  }

  @Override
  public IngestStatus replace(RecordWrite write, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = write.key();
    SourceRecord record = write.record().source();
    Long version = record.version();
    return inTransaction(
        "replacing chunks of " + key,
        c -> {
          if (lockRecord(c, key).isNewerThan(record)) {
            return audited(c, IngestStatus.STALE, audit);
          }
          deleteChunks(c, key);
          insertChunks(c, write);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE records SET version = COALESCE(?, version), status = 'indexed', content_hash = ?,"
                      + " pipeline_version = ?, acl = ?, redactions = ?::jsonb, chunk_count = ?, updated_at = now(),"
                      + " redactions_by_field = ?::jsonb,"
                      + ORIGIN_SET
                      + " WHERE source = ? AND external_id = ?")) {
            setVersion(ps, 1, version);
            ps.setString(2, write.contentHash());
            ps.setString(3, write.pipelineVersion());
            ps.setArray(4, c.createArrayOf("text", write.record().acl().toArray()));
            ps.setString(5, toJson(write.record().report().counts()));
            ps.setInt(6, write.chunks().size());
            ps.setString(7, toJson(write.record().report().byField()));
            setOrigin(ps, 8, record.origin());
            ps.setString(13, key.source());
            ps.setString(14, key.id());
            ps.executeUpdate();
          }
          return audited(c, IngestStatus.INDEXED, audit);
        });
  }

  @Override
  public IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = record.key();
    return inTransaction(
        "deleting " + key,
        c -> {
          if (lockRecord(c, key).isNewerThan(record)) {
            return audited(c, IngestStatus.STALE, audit);
          }
          deleteChunks(c, key);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE records SET version = COALESCE(?, version), status = 'deleted', content_hash = NULL,"
                      + " pipeline_version = NULL, redactions = '{}'::jsonb, redactions_by_field = '{}'::jsonb,"
                      + " chunk_count = 0, updated_at = now(),"
                      + ORIGIN_SET
                      + " WHERE source = ? AND external_id = ?")) {
            setVersion(ps, 1, record.version());
            setOrigin(ps, 2, record.origin());
            ps.setString(7, key.source());
            ps.setString(8, key.id());
            ps.executeUpdate();
          }
          return audited(c, IngestStatus.DELETED, audit);
        });
  }

  @Override
  public IngestStatus touch(SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = record.key();
    return inTransaction(
        "recording the delivery of " + key,
        c -> {
          if (lockRecord(c, key).isNewerThan(record)) {
            return audited(c, IngestStatus.STALE, audit);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE records SET version = COALESCE(?, version), updated_at = now(), "
                      + ORIGIN_SET
                      + " WHERE source = ? AND external_id = ?")) {
            setVersion(ps, 1, record.version());
            setOrigin(ps, 2, record.origin());
            ps.setString(7, key.source());
            ps.setString(8, key.id());
            ps.executeUpdate();
          }
          return audited(c, IngestStatus.UNCHANGED, audit);
        });
  }

  @Override
  public List<Chunk> chunks(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, ordinal, text, token_count, metadata FROM chunks"
                    + " WHERE source = ? AND external_id = ? ORDER BY ordinal")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      List<Chunk> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Chunk(rs.getObject(1, UUID.class), key, rs.getInt(2), rs.getString(3), rs.getInt(4),
              locationOf(rs.getString(5))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading chunks of " + key);
    }
  }

  /** The location keys of a chunk's metadata column. */
  private Map<String, String> locationOf(String metadataJson) {
    try {
      Map<String, Object> all = json.readValue(metadataJson, new TypeReference<Map<String, Object>>() {});
      Map<String, String> location = new LinkedHashMap<>();
      for (String k : List.of("section", "pages")) {
        if (all.get(k) != null) {
          location.put(k, String.valueOf(all.get(k)));
        }
      }
      return location;
    } catch (IOException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt chunk metadata column", e);
    }
  }

  @Override
  public List<String> indexedIdsWithPrefix(String source, String prefix) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT external_id FROM records WHERE source = ? AND status = 'indexed' AND external_id LIKE ?"
                    + " ORDER BY external_id")) {
      ps.setString(1, source);
      ps.setString(2, pattern);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing records of " + source);
    }
  }

  @Override
  public List<SearchHit> search(float[] query, int topK) {
    try (Connection c = dataSource.getConnection()) {
      // HNSW returns at most ef_search rows (default 40): widen it so that topK rows come back.
      try (Statement s = c.createStatement()) {
        s.execute("SET hnsw.ef_search = " + Math.max(40, 2 * topK));
      }
      return search(c, query, topK);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "searching");
    }
  }

  private List<SearchHit> search(Connection c, float[] query, int topK) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, text, provenance, 1 - (embedding <=> ?) AS score FROM chunks"
                    + " ORDER BY embedding <=> ? LIMIT ?")) {
      PGvector vector = new PGvector(query);
      ps.setObject(1, vector);
      ps.setObject(2, vector);
      ps.setInt(3, topK);
      List<SearchHit> hits = new ArrayList<>(topK);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          hits.add(
              new SearchHit(
                  rs.getObject(1, UUID.class),
                  rs.getDouble(4),
                  rs.getString(2),
                  json.readValue(rs.getString(3), Provenance.class)));
        }
      }
      return hits;
    } catch (JsonProcessingException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt provenance column", e);
    }
  }

  @Override
  public int embeddingColumnDimension() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.atttypmod FROM pg_attribute a"
                    + " WHERE a.attrelid = to_regclass('chunks') AND a.attname = 'embedding' AND NOT a.attisdropped");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new FatalPipelineException(StageName.STORE, "table chunks has no embedding column: schema missing", null);
      }
      return rs.getInt(1);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the embedding column dimension");
    }
  }

  private IngestStatus audited(Connection c, IngestStatus status, Function<IngestStatus, AuditEntry> audit)
      throws SQLException {
    AuditRows.insert(c, List.of(audit.apply(status)), json);
    return status;
  }

  /** Creates the source and a placeholder row if needed, then locks the record's row. */
  private StoredRecord lockRecord(Connection c, RecordKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO sources(name) VALUES (?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, key.source());
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO records(source, external_id, status) VALUES (?, ?, 'deleted')"
                + " ON CONFLICT (source, external_id) DO NOTHING")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT version, status, origin_topic, origin_partition, origin_offset, origin_transport, origin_path"
                + " FROM records"
                + " WHERE source = ? AND external_id = ? FOR UPDATE")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        Long version = rs.wasNull() ? null : v;
        return new StoredRecord(
            key, version, RecordState.parse(rs.getString(2)), null, null, 0, null, Instant.now(), originOf(rs, 3));
      }
    }
  }

  private static void deleteChunks(Connection c, RecordKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE source = ? AND external_id = ?")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      ps.executeUpdate();
    }
  }

  private void insertChunks(Connection c, RecordWrite write) throws SQLException {
    Instant now = Instant.now();
    RecordKey key = write.key();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO chunks(id, source, external_id, ordinal, text, token_count, embedding, metadata,"
                + " provenance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)")) {
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
                chunk.location());
        ps.setObject(1, chunk.id());
        ps.setString(2, key.source());
        ps.setString(3, key.id());
        ps.setInt(4, chunk.ordinal());
        ps.setString(5, chunk.text());
        ps.setInt(6, chunk.tokenCount());
        ps.setObject(7, new PGvector(ec.vector()));
        Map<String, String> metadata = new LinkedHashMap<>(write.metadata());
        metadata.putAll(chunk.location());
        ps.setString(8, toJson(metadata));
        ps.setString(9, toJson(provenance));
        ps.setTimestamp(10, Timestamp.from(now));
        ps.addBatch();
      }
      ps.executeBatch();
    }
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

  /**
   * Five parameters: topic, partition, offset of the delivery (all null unless it came from Kafka),
   * transport, and file path (null unless it came from a file).
   */
  private static final String ORIGIN_SET =
      " origin_topic = ?, origin_partition = ?, origin_offset = ?, origin_transport = ?, origin_path = ?";

  private static void setOrigin(PreparedStatement ps, int index, Origin origin) throws SQLException {
    boolean kafka = origin.offset() != null;
    ps.setString(index, kafka ? origin.topic() : null);
    if (kafka) {
      ps.setInt(index + 1, origin.partition());
      ps.setLong(index + 2, origin.offset());
    } else {
      ps.setNull(index + 1, Types.INTEGER);
      ps.setNull(index + 2, Types.BIGINT);
    }
    ps.setString(index + 3, origin.transport());
    ps.setString(index + 4, origin.path());
  }

  /** Reads {@code origin_topic, origin_partition, origin_offset, origin_transport, origin_path}. */
  private static Origin originOf(ResultSet rs, int column) throws SQLException {
    String topic = rs.getString(column);
    long offset = rs.getLong(column + 2);
    if (topic != null && !rs.wasNull()) {
      return Origin.kafka(topic, rs.getInt(column + 1), offset);
    }
    String transport = rs.getString(column + 3);
    return transport == null ? null : new Origin(transport, null, null, null, rs.getString(column + 4));
  }

  private static void setVersion(PreparedStatement ps, int index, Long version) throws SQLException {
    if (version == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, version);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, what);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }
}
