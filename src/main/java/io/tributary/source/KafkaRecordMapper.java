package io.tributary.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import io.tributary.source.formats.Mapped;
import io.tributary.source.formats.MessageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka message to one {@link IngestItem}: key = record id, value = the record JSON of the HTTP
 * API, a {@code null} value (tombstone) deletes the record. A value that is not JSON, too large, or
 * whose id disagrees with the key is malformed; the key names it in the dead letter. This is {@code
 * format: tributary}; the other formats are in {@link io.tributary.source.formats}.
 */
public final class KafkaRecordMapper implements MessageFormat {

  private static final int PREVIEW_BYTES = 512;

  private final ObjectMapper json;
  private final RecordReader reader;
  private final int maxRecordBytes;

  public KafkaRecordMapper(ObjectMapper json, int maxRecordBytes) {
    this.json = json;
    this.reader = new RecordReader(maxRecordBytes);
    this.maxRecordBytes = maxRecordBytes;
  }

  public IngestItem map(String source, ConsumerRecord<String, byte[]> message) {
    return map(
        source,
        message.key(),
        message.value(),
        Origin.kafka(message.topic(), message.partition(), message.offset()));
  }

  @Override
  public Mapped read(String source, String key, byte[] value, Origin origin) {
    return new Mapped.Item(map(source, key, value, origin));
  }

  private IngestItem map(String source, String key, byte[] value, Origin origin) {
    if (value == null) {
      return tombstone(source, key, origin);
    }
    if (value.length > maxRecordBytes) {
      return new IngestItem.Malformed(
          key,
          "message is " + value.length + " bytes, over the limit of " + maxRecordBytes,
          preview(value),
          origin);
    }
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (IOException e) {
      return new IngestItem.Malformed(key, "value is not JSON", preview(value), origin);
    }
    if (node == null) {
      return new IngestItem.Malformed(key, "value is empty", "", origin);
    }
    IngestItem item = reader.read(source, node, origin);
    if (item instanceof IngestItem.Valid v && key != null && !key.equals(v.record().key().id())) {
      return new IngestItem.Malformed(
          key, "record id does not match the message key", preview(value), origin);
    }
    return item;
  }

  private static IngestItem tombstone(String source, String key, Origin origin) {
    try {
      return new IngestItem.Valid(
          new SourceRecord(
              new RecordKey(source, key == null ? "" : key),
              null,
              RecordOp.DELETE,
              Map.of(),
              null,
              List.of(),
              Map.of(),
              origin));
    } catch (IllegalArgumentException | NullPointerException e) {
      return new IngestItem.Malformed(key, "tombstone without a valid key", "", origin);
    }
  }

  private static String preview(byte[] value) {
    return new String(value, 0, Math.min(value.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
  }
}
