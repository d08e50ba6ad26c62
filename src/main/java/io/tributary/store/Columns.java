package io.tributary.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.Origin;
import io.tributary.model.Provenance;
import io.tributary.model.RecordKey;
import io.tributary.model.RedactionReport;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.SqlFailures;
import io.tributary.pipeline.StageName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the JDBC store classes share: the JSON columns, the origin columns, and the transaction
 * around a unit of work. A corrupt JSON column is a fatal fault, never a record's.
 */
final class Columns {

  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Map<String, Integer>>> BY_FIELD =
      new TypeReference<>() {};

  /**
   * Five parameters: topic, partition, offset of the delivery (all null unless it came from Kafka),
   * transport, and file path (null unless it came from a file); bound by {@link #setOrigin}.
   */
  static final String ORIGIN_SET =
      " origin_topic = :originTopic, origin_partition = :originPartition, origin_offset ="
          + " :originOffset, origin_transport = :originTransport, origin_path = :originPath";

  private final ObjectMapper json;

  Columns(ObjectMapper json) {
    this.json = json;
  }

  String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  Provenance provenance(String column) {
    try {
      return json.readValue(column, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt provenance column", e);
    }
  }

  RedactionReport redactions(String counts, String byField, RecordKey key) {
    try {
      return new RedactionReport(json.readValue(counts, COUNTS), json.readValue(byField, BY_FIELD));
    } catch (JsonProcessingException e) {
      throw new FatalPipelineException(StageName.STORE, "corrupt redactions column for " + key, e);
    }
  }

  /** The location keys of a chunk's metadata column. */
  Map<String, String> location(String metadataJson) {
    try {
      Map<String, Object> all =
          json.readValue(metadataJson, new TypeReference<Map<String, Object>>() {});
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

  /** Binds the parameters of {@link #ORIGIN_SET}. */
  static void setOrigin(NamedSql.Params p, Origin origin) throws SQLException {
    boolean kafka = origin.offset() != null;
    p.setString("originTopic", kafka ? origin.topic() : null)
        .setInteger("originPartition", kafka ? origin.partition() : null)
        .setLong("originOffset", kafka ? origin.offset() : null)
        .setString("originTransport", origin.transport())
        .setString("originPath", origin.path());
  }

  /** Reads {@code origin_topic, origin_partition, origin_offset, origin_transport, origin_path}. */
  static Origin origin(ResultSet rs) throws SQLException {
    String topic = rs.getString("origin_topic");
    long offset = rs.getLong("origin_offset");
    if (topic != null && !rs.wasNull()) {
      return Origin.kafka(topic, rs.getInt("origin_partition"), offset);
    }
    String transport = rs.getString("origin_transport");
    return transport == null
        ? null
        : new Origin(transport, null, null, null, rs.getString("origin_path"));
  }

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** A {@code text[]} column. */
  static List<String> textArray(ResultSet rs, String column) throws SQLException {
    return List.of((String[]) rs.getArray(column).getArray());
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
  static <T> T inTransaction(DataSource dataSource, String what, SqlWork<T> work) {
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
