package io.tributary.source.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.RecordMapping;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import java.util.Map;

/**
 * Rows of Kafka Connect's {@code JsonConverter} ({@code format: connect-json}), wrapped in {@code
 * {"schema":…,"payload":…}} when schemas are enabled, or ({@code format: json}) any JSON object as
 * is. A {@code null} value deletes by the key.
 */
public final class ConnectJsonFormat implements MessageFormat {

  private final RowMapper rows;
  private final boolean unwrap;

  /**
   * @param unwrap {@code true} for connect-json (schema wrapper and logical types), {@code false}
   *     for json
   */
  public ConnectJsonFormat(
      RecordMapping mapping, ObjectMapper json, int maxRecordBytes, boolean unwrap) {
    this.rows = new RowMapper(mapping, json, maxRecordBytes);
    this.unwrap = unwrap;
  }

  @Override
  public Mapped read(String source, String key, byte[] value, Origin origin) {
    String id = null;
    try {
      if (value == null) {
        id = rows.idFromKey(key);
        return item(RowMapper.delete(source, id, null, origin));
      }
      RowMapper.Wrapped wrapped = rows.parse(value, unwrap);
      JsonNode row = wrapped.payload();
      if (row.isNull() && unwrap) {
        id = rows.idFromKey(key);
        return item(RowMapper.delete(source, id, null, origin));
      }
      if (!row.isObject()) {
        throw new BadMessage("value is not a JSON object");
      }
      Map<String, String> columns = rows.columns(row, wrapped.schema());
      id =
          rows.mapping().idFrom() == RecordMapping.IdFrom.VALUE
              ? rows.idOf(columns, "the value")
              : rows.idFromKey(key);
      return item(rows.upsert(source, id, rows.fieldVersion(columns), columns, Map.of(), origin));
    } catch (BadMessage | IllegalArgumentException e) {
      return new Mapped.Item(rows.malformed(source, id, e.getMessage(), value, origin));
    }
  }

  private static Mapped item(io.tributary.model.SourceRecord record) {
    return new Mapped.Item(new IngestItem.Valid(record));
  }
}
