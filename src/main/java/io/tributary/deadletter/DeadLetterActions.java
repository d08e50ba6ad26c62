package io.tributary.deadletter;

import io.tributary.api.ProblemException;
import io.tributary.audit.AuditLog;
import io.tributary.ingest.IngestPipeline;
import io.tributary.ingest.Originals;
import io.tributary.model.AuditEntry;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Replay and discard of a dead letter, as the REST API ({@link DeadLetterResource}) and the
 * operator console do them: each checks the letter is open, acts, and appends one audit entry
 * naming the actor. Failures are {@link ProblemException}s (404 not open, 409 not replayable, 410
 * original gone, 400 no reason). Thread-safe.
 */
@ApplicationScoped
public class DeadLetterActions {

  private final DeadLetterStore letters;
  private final IngestPipeline pipeline;
  private final Originals originals;
  private final AuditLog audit;

  public DeadLetterActions(
      DeadLetterStore letters, IngestPipeline pipeline, Originals originals, AuditLog audit) {
    this.letters = letters;
    this.pipeline = pipeline;
    this.originals = originals;
    this.audit = audit;
  }

  /** Open letters of the source (all when null), oldest first, ids after {@code after}. */
  public List<DeadLetterEntry> list(String source, long after, int limit) {
    return letters.list(source, after, limit);
  }

  /** Ingests the letter's original again; the letter is closed unless it fails again. */
  public DeadLetterResource.Replay replay(long id, String actor) {
    DeadLetterEntry letter = open(id);
    Origin o = letter.origin();
    if (!originals.readable(o)) {
      throw new ProblemException(
          409,
          "Not replayable",
          "dead letter "
              + id
              + " came over "
              + o.transport()
              + ", whose payload is not kept (only a redacted"
              + " preview); re-send the record");
    }
    IngestItem item =
        originals
            .read(letter.source(), letter.recordId(), o)
            .orElseThrow(
                () ->
                    new ProblemException(
                        410,
                        "Original gone",
                        "the original of dead letter "
                            + id
                            + " can no longer be read from "
                            + o.transport()
                            + " (retention, or the file is gone)"));
    RecordOutcome outcome = pipeline.ingest(letter.source(), List.of(item), actor).get(0);
    boolean resolved =
        !outcome.deadLettered() && letters.resolve(id, "replayed: " + outcome.status().wire());
    audit.append(
        new AuditEntry(
            actor,
            "deadletter.replay",
            letter.source(),
            letter.recordId(),
            Map.of("deadLetter", id, "status", outcome.status().wire(), "resolved", resolved)));
    return new DeadLetterResource.Replay(id, outcome.status().wire(), outcome.error(), resolved);
  }

  /** Closes the letter without replaying it; the reason is redacted before it is kept. */
  public void discard(long id, String givenReason, String actor) {
    if (givenReason == null || givenReason.isBlank()) {
      throw new ProblemException(
          400, "Reason required", "say why the dead letter is discarded: ?reason=...");
    }
    // An operator's words are free text like any other: redacted before they are kept or audited.
    String reason = pipeline.redactFreeText(givenReason);
    DeadLetterEntry letter = open(id);
    if (!letters.resolve(id, "discarded: " + reason)) {
      throw new ProblemException(404, "Not found", "dead letter " + id + " is not open");
    }
    audit.append(
        new AuditEntry(
            actor,
            "deadletter.discard",
            letter.source(),
            letter.recordId(),
            Map.of("deadLetter", id, "reason", reason)));
  }

  private DeadLetterEntry open(long id) {
    return letters
        .find(id)
        .orElseThrow(() -> new ProblemException(404, "Not found", "no open dead letter " + id));
  }
}
