package io.tributary.deadletter;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.model.AuditEntry;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dead-letter operations: list open letters, replay one (after a fix or a policy change), discard
 * one with a reason. Each operation is audited. Kafka letters are replayed from the original
 * message, read back from its topic; HTTP letters keep no payload (only a redacted preview), so the
 * sender re-sends them.
 */
@RolesAllowed(Roles.OPERATOR)
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  static final int MAX_LIMIT = 500;

  /** A page of letters; {@code next} is the {@code after} value of the next page, or null. */
  @Schema(name = "DeadLetterPage", description = "Open dead letters, oldest first.")
  public record Page(
      List<DeadLetterEntry> items,
      @Schema(description = "The `after` of the next page; null at the end.") Long next) {}

  /** What a replay did. */
  @Schema(name = "Replay", description = "What a replay did.")
  public record Replay(
      @Schema(description = "The dead letter's id.") long id,
      @Schema(description = "The record's ingest outcome, as in a batch's results.") String status,
      @Schema(description = "Why it failed again; null otherwise.") String error,
      @Schema(description = "Whether the letter is now closed (false: it failed again).")
          boolean resolved) {}

  private static final String ID = "The dead letter's id.";

  private final DeadLetterActions actions;
  private final AuditLog audit;
  private final Callers callers;

  public DeadLetterResource(DeadLetterActions actions, AuditLog audit, Callers callers) {
    this.actions = actions;
    this.audit = audit;
    this.callers = callers;
  }

  @GET
  @Operation(
      operationId = "listDeadLetters",
      summary = "List open dead letters",
      description =
          "Role: `operator`. Records and files that failed, with the stage and the reason; no"
              + " payload. Audited.")
  @APIResponse(responseCode = "200", description = "A page of open letters.")
  @APIResponse(responseCode = "400", description = "limit outside 1..500.")
  public Page list(
      @Parameter(description = "Only this source's letters.") @QueryParam("source") String source,
      @Parameter(description = "Page size, 1..500.") @QueryParam("limit") @DefaultValue("50")
          int limit,
      @Parameter(description = "The previous page's `next`.")
          @QueryParam("after")
          @DefaultValue("0")
          long after) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ProblemException(400, "Invalid limit", "limit must be in 1.." + MAX_LIMIT);
    }
    List<DeadLetterEntry> items = actions.list(source, after, limit);
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
  @Operation(
      operationId = "replayDeadLetter",
      summary = "Replay a dead letter",
      description =
          "Role: `operator`. Ingests the original again (after a fix or a policy change); the"
              + " letter is closed unless it fails again. Kafka and directory letters are read"
              + " back from their origin; HTTP letters keep no payload, so their senders re-send"
              + " them. Audited.")
  @APIResponse(responseCode = "200", description = "Replayed: the record's outcome.")
  @APIResponse(responseCode = "404", description = "No open dead letter with this id.")
  @APIResponse(
      responseCode = "409",
      description = "The letter came over HTTP or upload, whose payload is not kept: re-send it.")
  @APIResponse(
      responseCode = "410",
      description = "The original can no longer be read (topic retention, or the file is gone).")
  public Replay replay(@Parameter(description = ID) @PathParam("id") long id) {
    return actions.replay(id, callers.current().actor());
  }

  @DELETE
  @Path("/{id}")
  @Operation(
      operationId = "discardDeadLetter",
      summary = "Discard a dead letter",
      description =
          "Role: `operator`. Closes the letter without replaying it; the reason is redacted,"
              + " kept and audited.")
  @APIResponse(responseCode = "204", description = "Discarded.")
  @APIResponse(responseCode = "400", description = "No reason given.")
  @APIResponse(responseCode = "404", description = "No open dead letter with this id.")
  public void discard(
      @Parameter(description = ID) @PathParam("id") long id,
      @Parameter(description = "Why it is discarded; required.", required = true)
          @QueryParam("reason")
          String givenReason) {
    actions.discard(id, givenReason, callers.current().actor());
  }
}
