package io.tributary.source.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.RecordMapping;

/** The reader of a source's {@code format:} other than {@code tributary}. */
public final class MessageFormats {

  private MessageFormats() {}

  /**
   * @throws IllegalArgumentException for {@code format: tributary}, which the Kafka record mapper
   *     reads
   */
  public static MessageFormat of(RecordMapping mapping, ObjectMapper json, int maxRecordBytes) {
    return switch (mapping.format()) {
      case DEBEZIUM -> new DebeziumFormat(mapping, json, maxRecordBytes);
      case CONNECT_JSON -> new ConnectJsonFormat(mapping, json, maxRecordBytes, true);
      case JSON -> new ConnectJsonFormat(mapping, json, maxRecordBytes, false);
      case TRIBUTARY ->
          throw new IllegalArgumentException("format tributary is read by KafkaRecordMapper");
    };
  }
}
