package io.tributary.store;

import io.tributary.pipeline.SqlFailures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.Provenance;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordState;
import io.tributary.model.RecordWrite;
import io.tributary.model.RedactionReport;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchScope;
import io.tributary.model.StoredChunk;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.StageName;
import io.tributary.pipeline.VersionConflictException;
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

  private final AuditSink auditSink;

  public JdbcChunkRepository(DataSource dataSource, ObjectMapper json, AuditSink auditSink) {
    this.auditSink = auditSink;
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
  public IngestStatus replace(RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = write.key();
    SourceRecord record = write.record().source();
    Long version = record.version();
    return inTransaction(
        "replacing chunks of " + key,
        c -> {
          StoredRecord locked = lockRecord(c, key);
          if (locked.isNewerThan(record)) {
            return audited(c, IngestStatus.STALE, audit);
          }
          refuseConflict(locked, record, write.contentHash(), write.pipelineVersion(), equalVersion);
          deleteChunks(c, key);
          insertChunks(c, write);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE records SET version = COALESCE(?, version), status = 'indexed', content_hash = ?,"
                      + " pipeline_version = ?, acl = ?, redactions = ?::jsonb, chunk_count = ?, updated_at = now(),"
                      + " redactions_by_field = ?::jsonb, fields = ?::jsonb,"
                      + ORIGIN_SET
                      + " WHERE source = ? AND external_id = ?")) {
            setVersion(ps, 1, version);
            ps.setString(2, write.contentHash());
            ps.setString(3, write.pipelineVersion());
            ps.setArray(4, c.createArrayOf("text", write.record().acl().toArray()));
            ps.setString(5, toJson(write.record().report().counts()));
            ps.setInt(6, write.chunks().size());
            ps.setString(7, toJson(write.record().report().byField()));
            ps.setString(8, toJson(write.record().fields()));
            setOrigin(ps, 9, record.origin());
            ps.setString(14, key.source());
            ps.setString(15, key.id());
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
                      + " fields = '{}'::jsonb,"
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
  public IngestStatus touch(
      SourceRecord record, String contentHash, String pipelineVersion, EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = record.key();
    return inTransaction(
        "recording the delivery of " + key,
        c -> {
          StoredRecord locked = lockRecord(c, key);
          if (locked.isNewerThan(record)) {
            return audited(c, IngestStatus.STALE, audit);
          }
          refuseConflict(locked, record, contentHash, pipelineVersion, equalVersion);
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
  public List<SearchHit> vectorSearch(float[] query, SearchScope scope, int limit, int efSearch) {
    FilterSql filter = FilterSql.compile(scope);
    String sql =
        "WITH nearest AS MATERIALIZED (SELECT c.id, c.text, c.provenance, c.embedding <=> ? AS distance FROM chunks c"
            + (filter.joinsRecords() ? FilterSql.RECORDS_JOIN : "")
            + " WHERE " + filter.where()
            + " ORDER BY c.embedding <=> ? LIMIT ?) SELECT id, text, provenance, 1 - distance FROM nearest"
            + " ORDER BY distance";
    // relaxed_order lets the HNSW scan go on past ef_search until LIMIT rows pass the filter (pgvector
    // 0.8); the outer ORDER BY restores exact order. If the scan still comes back short (a filter so
    // selective that hnsw.max_scan_tuples runs out), an exact scan over the filtered rows decides.
    List<SearchHit> hits =
        inTransaction(
            "searching",
            c -> {
              try (Statement s = c.createStatement()) {
                // One round trip; integers and constants only, never caller text. Custom plans: a generic
                // plan guesses the ACL/filter selectivity and may sort every visible row instead of
                // walking the HNSW index.
                s.execute("SET LOCAL hnsw.ef_search = " + Math.max(efSearch, Math.min(limit, 1000))
                    + "; SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL plan_cache_mode = force_custom_plan");
              }
              return vectorQuery(c, sql, query, filter, limit);
            });
    if (hits.size() >= limit) {
      return hits;
    }
    return inTransaction(
        "searching exactly",
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_indexscan = off");
          }
          return vectorQuery(c, sql, query, filter, limit);
        });
  }

  private List<SearchHit> vectorQuery(Connection c, String sql, float[] query, FilterSql filter, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      PGvector vector = new PGvector(query);
      int i = 1;
      ps.setObject(i++, vector);
      i = bind(c, ps, i, filter.params());
      ps.setObject(i++, vector);
      ps.setInt(i, limit);
      return hits(ps, limit);
    }
  }

  @Override
  public List<SearchHit> keywordSearch(String query, SearchScope scope, int limit) {
    FilterSql filter = FilterSql.compile(scope);
    // Any query word may match (OR), ranked by ts_rank normalised by document length: questions in
    // natural language rarely have every word in the passage that answers them.
    String sql =
        "SELECT c.id, c.text, c.provenance, ts_rank(c.tsv, q.query, 1) AS score FROM chunks c"
            + (filter.joinsRecords() ? FilterSql.RECORDS_JOIN : "")
            + ", (SELECT replace(plainto_tsquery('english', ?)::text, '&', '|')::tsquery AS query) q"
            + " WHERE c.tsv @@ q.query AND " + filter.where()
            + " ORDER BY score DESC, c.id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, query);
      i = bind(c, ps, i, filter.params());
      ps.setInt(i, limit);
      return hits(ps, limit);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "searching keywords");
    }
  }

  private List<SearchHit> hits(PreparedStatement ps, int limit) throws SQLException {
    List<SearchHit> hits = new ArrayList<>(limit);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(
            new SearchHit(
                rs.getObject(1, UUID.class), rs.getDouble(4), rs.getString(2), provenance(rs.getString(3))));
      }
    }
    return hits;
  }

  private Provenance provenance(String column) {
    try {
      return json.readValue(column, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt provenance column", e);
    }
  }

  private static int bind(Connection c, PreparedStatement ps, int start, List<Object> params) throws SQLException {
    int i = start;
    for (Object p : params) {
      if (p instanceof String[] array) {
        ps.setArray(i++, c.createArrayOf("text", array));
      } else if (p instanceof Boolean b) {
        ps.setBoolean(i++, b);
      } else {
        ps.setString(i++, (String) p);
      }
    }
    return i;
  }

  @Override
  public Optional<StoredChunk> chunk(UUID id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT source, external_id, ordinal, text, token_count, provenance, acl FROM chunks WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        RecordKey key = new RecordKey(rs.getString(1), rs.getString(2));
        return Optional.of(
            new StoredChunk(
                new Chunk(id, key, rs.getInt(3), rs.getString(4), rs.getInt(5)),
                provenance(rs.getString(6)),
                List.of((String[]) rs.getArray(7).getArray())));
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading chunk " + id);
    }
  }

  @Override
  public Optional<List<String>> acl(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT acl FROM records WHERE source = ? AND external_id = ?")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(List.of((String[]) rs.getArray(1).getArray())) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the ACL of " + key);
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
    auditSink.append(c, List.of(audit.apply(status)));
    return status;
  }

  /**
   * Under {@code reject}, throws when the locked row holds the incoming version with other content:
   * of two writers of one version, the second sees the first's hash here, so only one can win.
   */
  private static void refuseConflict(
      StoredRecord locked, SourceRecord incoming, String contentHash, String pipelineVersion, EqualVersion equalVersion) {
    if (equalVersion == EqualVersion.REJECT && locked.conflictsWith(incoming, contentHash, pipelineVersion)) {
      throw new VersionConflictException(locked.version(), locked.contentHash(), contentHash);
    }
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
            "SELECT version, status, origin_topic, origin_partition, origin_offset, origin_transport, origin_path,"
                + " content_hash, pipeline_version FROM records"
                + " WHERE source = ? AND external_id = ? FOR UPDATE")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long v = rs.getLong(1);
        Long version = rs.wasNull() ? null : v;
        return new StoredRecord(key, version, RecordState.parse(rs.getString(2)), rs.getString(8), rs.getString(9), 0,
            null, Instant.now(), originOf(rs, 3));
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
                + " provenance, created_at, acl) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
      java.sql.Array acl = c.createArrayOf("text", write.record().acl().toArray());
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
        ps.setArray(11, acl);
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
