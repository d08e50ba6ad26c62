package io.tributary.model;

import java.util.List;
import java.util.Objects;

/**
 * What became of one file: its own outcome and one per attachment or archive entry.
 *
 * @param document the file's outcome
 * @param attachments its parts' outcomes, in the file's order
 */
public record DocumentOutcome(RecordOutcome document, List<RecordOutcome> attachments) {

  public DocumentOutcome {
    Objects.requireNonNull(document, "document");
    attachments = List.copyOf(attachments);
  }
}
