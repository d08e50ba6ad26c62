package io.tributary.model;

import java.util.Objects;

/** One element of an incoming batch: a well-formed record, or the reason it is malformed. */
public sealed interface IngestItem {

  /** The id the item carries, for its outcome line; may be {@code null} for a malformed item. */
  String id();

  record Valid(SourceRecord record) implements IngestItem {
    public Valid {
      Objects.requireNonNull(record, "record");
    }

    @Override
    public String id() {
      return record.key().id();
    }
  }

  /**
   * @param id the id if one could be read (control characters escaped), else {@code null}
   * @param reason what is wrong, naming no values
   * @param rawPreview the raw input, to be redacted and truncated before it is kept anywhere
   * @param origin transport coordinates
   */
  record Malformed(String id, String reason, String rawPreview, Origin origin)
      implements IngestItem {
    /**
     * An id that could not become a {@link RecordKey} is kept escaped, so that it can still name
     * the dead letter.
     */
    public Malformed {
      id = Printable.escape(id);
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(origin, "origin");
    }
  }
}
