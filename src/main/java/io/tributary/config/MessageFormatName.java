package io.tributary.config;

import java.util.Locale;

/** The shape of a source's Kafka messages ({@code format:} in its file); docs/sources.md. */
public enum MessageFormatName {
  /** Tributary's own record JSON, key = record id (the default). */
  TRIBUTARY,
  /** Debezium change events, with or without the Kafka Connect schema wrapper. */
  DEBEZIUM,
  /** Kafka Connect {@code JsonConverter} rows, with or without schemas. */
  CONNECT_JSON,
  /** Any JSON object, as is. */
  JSON;

  public static MessageFormatName parse(String value) {
    for (MessageFormatName f : values()) {
      if (f.wire().equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be tributary, debezium, connect-json or json, was '" + value + "'");
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
