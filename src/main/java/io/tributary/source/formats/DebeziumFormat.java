package io.tributary.source.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.RecordMapping;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.SourceRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Debezium change events ({@code {"before":…,"after":…,"source":{…},"op":…}}), with or without the
 * Kafka Connect schema wrapper: {@code c}, {@code u}, {@code r} upsert {@code after}; {@code d} and
 * tombstones delete. Heartbeats, schema changes, transaction metadata, truncates and logical
 * decoding messages are {@link Mapped.Skipped}. The version is {@code source.lsn}, {@code
 * source.ts_ms} with the offset as tie-breaker, or a field, by the mapping. Every record's metadata
 * names {@code cdc.table} ({@code schema.table}), {@code cdc.lsn} and {@code cdc.op}.
 */
public final class DebeziumFormat implements MessageFormat {

  /** Debezium's heartbeat topics are {@code __debezium-heartbeat.<topic.prefix>}. */
  static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";

  private final RowMapper rows;

  public DebeziumFormat(RecordMapping mapping, ObjectMapper json, int maxRecordBytes) {
    this.rows = new RowMapper(mapping, json, maxRecordBytes);
  }

  @Override
  public Mapped read(String source, String key, byte[] value, Origin origin) {
    if (origin.topic() != null && origin.topic().startsWith(HEARTBEAT_TOPIC_PREFIX)) {
      return new Mapped.Skipped("heartbeat");
    }
    String id = null;
    try {
      if (value == null) {
        id = rows.idFromKey(key);
        return item(RowMapper.delete(source, id, null, origin));
      }
      RowMapper.Wrapped wrapped = rows.parse(value, true);
      JsonNode event = wrapped.payload();
      if (event.isNull()) {
        id = rows.idFromKey(key);
        return item(RowMapper.delete(source, id, null, origin));
      }
      if (!event.isObject()) {
        throw new BadMessage("value is not a JSON object");
      }
      JsonNode op = event.get("op");
      if (op == null || op.isNull()) {
        String skipped = notARecord(event);
        if (skipped != null) {
          return new Mapped.Skipped(skipped);
        }
        throw new BadMessage("no 'op' in the value");
      }
      Map<String, JsonNode> envelope = ConnectValues.fieldSchemas(wrapped.schema());
      return switch (op.asText()) {
        case "t" -> new Mapped.Skipped("truncate");
        case "m" -> new Mapped.Skipped("message");
        case "c", "u", "r" -> {
          JsonNode after = event.get("after");
          if (after == null || !after.isObject()) {
            throw new BadMessage("no 'after' row in the value (op '" + op.asText() + "')");
          }
          Map<String, String> columns = rows.columns(after, envelope.get("after"));
          id = idOf(key, columns, "'after'");
          Long version = version(event, columns, origin);
          yield item(rows.upsert(source, id, version, columns, cdc(event), origin));
        }
        case "d" -> {
          JsonNode before = event.get("before");
          Map<String, String> columns =
              before != null && before.isObject()
                  ? rows.columns(before, envelope.get("before"))
                  : Map.of();
          id =
              rows.mapping().idFrom() == RecordMapping.IdFrom.VALUE && !columns.isEmpty()
                  ? rows.idOf(columns, "'before'")
                  : rows.idFromKey(key);
          yield item(RowMapper.delete(source, id, version(event, columns, origin), origin));
        }
        default -> throw new BadMessage("'op' is not one of c, u, d, r, t, m");
      };
    } catch (BadMessage | IllegalArgumentException | ArithmeticException e) {
      return new Mapped.Item(rows.malformed(source, id, e.getMessage(), value, origin));
    }
  }

  private String idOf(String key, Map<String, String> columns, String where) {
    return rows.mapping().idFrom() == RecordMapping.IdFrom.VALUE
        ? rows.idOf(columns, where)
        : rows.idFromKey(key);
  }

  /** What a value without {@code op} is, or {@code null} if it is none of the known kinds. */
  private static String notARecord(JsonNode event) {
    if (event.has("ddl") || event.has("tableChanges")) {
      return "schema-change";
    }
    if (event.path("status").isTextual() && event.has("id") && event.has("event_count")) {
      return "transaction";
    }
    if (event.size() == 1 && event.path("ts_ms").isIntegralNumber()) {
      return "heartbeat";
    }
    return null;
  }

  private Long version(JsonNode event, Map<String, String> columns, Origin origin) {
    JsonNode src = event.path("source");
    return switch (rows.mapping().version()) {
      case NONE -> null;
      case FIELD -> rows.fieldVersion(columns);
      case LSN -> nonNegative(src.path("lsn"), "source.lsn");
      case TS_MS -> {
        long ts = nonNegative(src.path("ts_ms"), "source.ts_ms");
        long tieBreak = origin.offset() == null ? 0 : origin.offset() % RecordMapping.TS_MS_SCALE;
        yield Math.addExact(Math.multiplyExact(ts, RecordMapping.TS_MS_SCALE), tieBreak);
      }
    };
  }

  private static long nonNegative(JsonNode n, String name) {
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
      throw new BadMessage("no '" + name + "' in the value (version.from)");
    }
    return n.asLong();
  }

  /** Table, LSN and operation, for the chunks' metadata. */
  private static Map<String, String> cdc(JsonNode event) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode src = event.path("source");
    String table = src.path("table").asText(null);
    if (table != null) {
      String schema = src.path("schema").asText(src.path("db").asText(null));
      out.put("cdc.table", schema == null ? table : schema + "." + table);
    }
    if (src.path("lsn").isIntegralNumber()) {
      out.put("cdc.lsn", src.path("lsn").asText());
    }
    out.put("cdc.op", event.path("op").asText());
    return out;
  }

  private static Mapped item(SourceRecord record) {
    return new Mapped.Item(new IngestItem.Valid(record));
  }
}
