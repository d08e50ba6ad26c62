package io.tributary.source.formats;

import io.tributary.model.IngestItem;
import java.util.Objects;

/** What one Kafka message is: an item for the pipeline, or a message that is not a record. */
public sealed interface Mapped {

  /** A record to store or delete, or a malformed message to dead-letter. */
  record Item(IngestItem item) implements Mapped {
    public Item {
      Objects.requireNonNull(item, "item");
    }
  }

  /**
   * A message that carries no record (a heartbeat, a schema change, transaction metadata, a
   * truncate): counted, never dead-lettered.
   *
   * @param kind {@code heartbeat}, {@code schema-change}, {@code transaction}, {@code truncate} or
   *     {@code message}
   */
  record Skipped(String kind) implements Mapped {
    public Skipped {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
