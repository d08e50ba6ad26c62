package io.tributary.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordState;
import io.tributary.model.SearchScope;
import io.tributary.model.StoredChunk;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.SqlFailures;
import io.tributary.pipeline.StageName;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link ChunkReader} and {@link SchemaProbe} over PostgreSQL with plain JDBC, one autocommit query
 * each.
 */
@ApplicationScoped
public class JdbcChunkReader implements ChunkReader, SchemaProbe {

  private static final NamedSql FIND =
      NamedSql.of(
          "SELECT version, status, content_hash, pipeline_version, chunk_count, redactions,"
              + " updated_at, redactions_by_field, origin_topic, origin_partition, origin_offset,"
              + " origin_transport, origin_path, acl, raw_digest FROM records WHERE source ="
              + " :source AND external_id = :id");
  private static final NamedSql FIND_ALL =
      NamedSql.of(
          "SELECT external_id, version, status, content_hash, pipeline_version, chunk_count,"
              + " redactions, updated_at, redactions_by_field, origin_topic, origin_partition,"
              + " origin_offset, origin_transport, origin_path, acl, raw_digest FROM records WHERE"
              + " source = :source AND external_id = ANY(:ids)");
  private static final NamedSql CHUNKS =
      NamedSql.of(
          "SELECT id, ordinal, text, token_count, metadata FROM chunks"
              + " WHERE source = :source AND external_id = :id ORDER BY ordinal");
  private static final NamedSql INDEXED_IDS =
      NamedSql.of(
          "SELECT external_id FROM records WHERE source = :source AND status = 'indexed' AND"
              + " external_id LIKE :pattern ORDER BY external_id");
  private static final NamedSql CHUNK =
      NamedSql.of(
          "SELECT source, external_id, ordinal, text, token_count, provenance, acl FROM chunks"
              + " WHERE id = :id");
  private static final NamedSql ACL =
      NamedSql.of("SELECT acl FROM records WHERE source = :source AND external_id = :id");

  private final DataSource dataSource;
  private final Columns columns;

  public JdbcChunkReader(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.columns = new Columns(json);
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(FIND.sql())) {
      FIND.on(ps).setString("source", key.source()).setString("id", key.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(storedRecord(rs, key)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading record " + key);
    }
  }

  /** One query per source (a batch has one), not one per record. */
  @Override
  public Map<RecordKey, StoredRecord> findAll(Collection<RecordKey> keys) {
    Map<String, List<String>> bySource = new LinkedHashMap<>();
    for (RecordKey key : keys) {
      bySource.computeIfAbsent(key.source(), s -> new ArrayList<>()).add(key.id());
    }
    Map<RecordKey, StoredRecord> out = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(FIND_ALL.sql())) {
      for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
        FIND_ALL
            .on(ps)
            .setString("source", e.getKey())
            .setArray("ids", c.createArrayOf("text", e.getValue().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            RecordKey key = new RecordKey(e.getKey(), rs.getString("external_id"));
            out.put(key, storedRecord(rs, key));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading " + keys.size() + " records");
    }
  }

  private StoredRecord storedRecord(ResultSet rs, RecordKey key) throws SQLException {
    return new StoredRecord(
        key,
        Columns.nullableLong(rs, "version"),
        RecordState.parse(rs.getString("status")),
        rs.getString("content_hash"),
        rs.getString("pipeline_version"),
        rs.getInt("chunk_count"),
        columns.redactions(rs.getString("redactions"), rs.getString("redactions_by_field"), key),
        rs.getTimestamp("updated_at").toInstant(),
        Columns.origin(rs),
        Columns.textArray(rs, "acl"),
        rs.getString("raw_digest"));
  }

  @Override
  public List<Chunk> chunks(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(CHUNKS.sql())) {
      CHUNKS.on(ps).setString("source", key.source()).setString("id", key.id());
      List<Chunk> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Chunk(
                  rs.getObject("id", UUID.class),
                  key,
                  rs.getInt("ordinal"),
                  rs.getString("text"),
                  rs.getInt("token_count"),
                  columns.location(rs.getString("metadata"))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading chunks of " + key);
    }
  }

  @Override
  public List<String> indexedIdsWithPrefix(String source, String prefix) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(INDEXED_IDS.sql())) {
      INDEXED_IDS.on(ps).setString("source", source).setString("pattern", pattern);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString("external_id"));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing records of " + source);
    }
  }

  @Override
  public Optional<StoredChunk> chunk(UUID id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(CHUNK.sql())) {
      CHUNK.on(ps).setObject("id", id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        RecordKey key = new RecordKey(rs.getString("source"), rs.getString("external_id"));
        return Optional.of(
            new StoredChunk(
                new Chunk(
                    id, key, rs.getInt("ordinal"), rs.getString("text"), rs.getInt("token_count")),
                columns.provenance(rs.getString("provenance")),
                Columns.textArray(rs, "acl")));
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading chunk " + id);
    }
  }

  @Override
  public Optional<List<String>> acl(RecordKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(ACL.sql())) {
      ACL.on(ps).setString("source", key.source()).setString("id", key.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Columns.textArray(rs, "acl")) : Optional.empty();
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
                "SELECT a.atttypmod FROM pg_attribute a WHERE a.attrelid = to_regclass('chunks')"
                    + " AND a.attname = 'embedding' AND NOT a.attisdropped");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new FatalPipelineException(
            StageName.STORE, "table chunks has no embedding column: schema missing", null);
      }
      return rs.getInt("atttypmod");
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the embedding column dimension");
    }
  }

  @Override
  public Map<UUID, String> urls(Collection<UUID> ids) {
    Map<UUID, String> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, metadata ->> 'url' AS url FROM chunks WHERE id = ANY(?)"
                    + " AND metadata ->> 'url' IS NOT NULL")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getObject("id", UUID.class), rs.getString("url"));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading chunk urls");
    }
  }

  @Override
  public Map<String, SourceCounts> visibleSources(SearchScope scope) {
    FilterSql filter = FilterSql.compile(scope);
    String sql =
        "SELECT c.source, count(DISTINCT c.external_id) AS records, count(*) AS chunks,"
            + " max(c.created_at) AS newest FROM chunks c"
            + (filter.joinsRecords() ? FilterSql.RECORDS_JOIN : "")
            + " WHERE "
            + filter.where()
            + " GROUP BY c.source ORDER BY c.source";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      List<Object> params = filter.params();
      for (int i = 0; i < params.size(); i++) {
        Object value = params.get(i);
        if (value instanceof String[] array) {
          ps.setArray(i + 1, c.createArrayOf("text", array));
        } else if (value instanceof Boolean b) {
          ps.setBoolean(i + 1, b);
        } else {
          ps.setString(i + 1, (String) value);
        }
      }
      Map<String, SourceCounts> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp newest = rs.getTimestamp("newest");
          out.put(
              rs.getString("source"),
              new SourceCounts(
                  rs.getLong("records"),
                  rs.getLong("chunks"),
                  newest == null ? null : newest.toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "counting visible sources");
    }
  }
}
