package io.tributary.chunk;

import io.tributary.model.RedactedRecord;

/**
 * Turns a redacted record into the text that is chunked and embedded.
 *
 * <p>Contract: thread-safe; sees only redacted values; the same record and template always give the
 * same text.
 */
public interface RecordRenderer {

  String render(RedactedRecord record);

  /** Identifies the template a source's records are rendered with; changes when output would. */
  String version(String source);
}
