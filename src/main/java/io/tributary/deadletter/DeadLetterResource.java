package io.tributary.deadletter;

import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.ingest.IngestPipeline;
import io.tributary.ingest.Originals;
import io.tributary.model.AuditEntry;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOutcome;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Dead-letter operations: list open letters, replay one (after a fix or a policy change), discard
 * one with a reason. Each operation is audited. Kafka letters are replayed from the original
 * message, read back from its topic; HTTP letters keep no payload (only a redacted preview), so the
 * sender re-sends them.
 */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  static final int MAX_LIMIT = 500;

  /** A page of letters; {@code next} is the {@code after} value of the next page, or null. */
  public record Page(List<DeadLetterEntry> items, Long next) {}

  /** What a replay did. */
  public record Replay(long id, String status, String error, boolean resolved) {}

  private final DeadLetterStore letters;
  private final IngestPipeline pipeline;
  private final Originals originals;
  private final AuditLog audit;
  private final Callers callers;

  public DeadLetterResource(
      DeadLetterStore letters,
      IngestPipeline pipeline,
      Originals originals,
      AuditLog audit,
      Callers callers) {
    this.callers = callers;
    this.letters = letters;
    this.pipeline = pipeline;
    this.originals = originals;
    this.audit = audit;
  }

  @GET
  public Page list(
      @QueryParam("source") String source,
      @QueryParam("limit") @DefaultValue("50") int limit,
      @QueryParam("after") @DefaultValue("0") long after) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ProblemException(400, "Invalid limit", "limit must be in 1.." + MAX_LIMIT);
    }
    List<DeadLetterEntry> items = letters.list(source, after, limit);
    Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
    audit.append(
        new AuditEntry(
            callers.current().actor(),
            "deadletter.list",
            source,
            null,
            Map.of("count", items.size())));
    return new Page(items, next);
  }

  @POST
  @Path("/{id}/replay")
  public Replay replay(@PathParam("id") long id) {
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
    RecordOutcome outcome =
        pipeline.ingest(letter.source(), List.of(item), callers.current().actor()).get(0);
    boolean resolved =
        !outcome.deadLettered() && letters.resolve(id, "replayed: " + outcome.status().wire());
    audit.append(
        new AuditEntry(
            callers.current().actor(),
            "deadletter.replay",
            letter.source(),
            letter.recordId(),
            Map.of("deadLetter", id, "status", outcome.status().wire(), "resolved", resolved)));
    return new Replay(id, outcome.status().wire(), outcome.error(), resolved);
  }

  @DELETE
  @Path("/{id}")
  public void discard(@PathParam("id") long id, @QueryParam("reason") String givenReason) {
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
            callers.current().actor(),
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
