package io.tributary.model;

import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a record physically came from, set once at the source and carried unchanged to every chunk:
 * the transport ({@code http}, {@code kafka}, {@code file}) and its coordinates.
 *
 * @param transport how the record arrived
 * @param topic Kafka topic, or {@code null}
 * @param partition Kafka partition, or {@code null}
 * @param offset Kafka offset, or {@code null}
 * @param path file path, or {@code null}
 */
@Schema(name = "Origin", description = "How a record or file arrived, and where from.")
public record Origin(
    @Schema(
            description = "`http`, `upload`, `file` or `kafka`.",
            enumeration = {"http", "upload", "file", "kafka"})
        String transport,
    @Schema(description = "Kafka topic, or null.") String topic,
    @Schema(description = "Kafka partition, or null.") Integer partition,
    @Schema(description = "Kafka offset, or null.") Long offset,
    @Schema(description = "The file's path (or an upload's file name), or null.") String path) {

  public Origin {
    Objects.requireNonNull(transport, "transport");
  }

  public static Origin http() {
    return new Origin("http", null, null, null, null);
  }

  /** An uploaded file, by the name it was uploaded under (not a path the service can re-read). */
  public static Origin upload(String fileName) {
    return new Origin("upload", null, null, null, fileName);
  }

  /** A file of a directory source, which the service can re-read. */
  public static Origin file(String path) {
    return new Origin("file", null, null, null, path);
  }

  public static Origin kafka(String topic, int partition, long offset) {
    return new Origin("kafka", topic, partition, offset, null);
  }
}
