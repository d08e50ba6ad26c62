package io.tributary.source.formats;

import io.tributary.model.Origin;

/**
 * Reads one Kafka message of one format into a {@link Mapped}. Implementations are immutable and
 * thread-safe, never throw for bad input (a malformed message is a {@link
 * io.tributary.model.IngestItem.Malformed} whose reason names the source, the format and the
 * missing key, never a value), and never see more than one message at a time.
 */
@FunctionalInterface
public interface MessageFormat {

  /**
   * @param source the source the topic belongs to
   * @param key the message key as a string, or {@code null}
   * @param value the message value, or {@code null} for a tombstone
   * @param origin topic, partition and offset
   */
  Mapped read(String source, String key, byte[] value, Origin origin);
}
