package io.tributary.model;

import java.util.Objects;

/**
 * A record that could not be processed, kept with the reason so that an operator can fix and replay
 * it. {@code preview} is redacted and truncated; raw values never reach the dead-letter table.
 *
 * @param source source name
 * @param recordId record id, or {@code null} when it had none
 * @param stage stage that failed
 * @param reason why, in words that name no values
 * @param errorClass exception class, or {@code null}
 * @param preview redacted, truncated preview of the input
 * @param origin transport coordinates
 */
public record DeadLetter(
    String source,
    String recordId,
    String stage,
    String reason,
    String errorClass,
    String preview,
    Origin origin) {

  public DeadLetter {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(origin, "origin");
    // Escaped so that a dead letter can always be written: PostgreSQL refuses a NUL in text.
    recordId = Printable.escape(recordId);
    reason = Printable.escape(reason);
    errorClass = Printable.escape(errorClass);
    preview = Printable.escape(preview);
  }
}
