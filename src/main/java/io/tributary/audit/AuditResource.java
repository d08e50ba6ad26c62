package io.tributary.audit;

import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/audit} (newest first, keyset paging) and {@code GET /v1/audit/verify} (whether the
 * chain is intact, from the last checkpoint or with {@code ?full=true} from the first entry; names
 * no content); both only for callers with the auditor role.
 */
@RolesAllowed(Roles.AUDITOR)
@Tag(name = OpenApiDocument.AUDIT)
@Path("/v1/audit")
public class AuditResource {

  /**
   * A page; {@code next} is the {@code before} of the following page, or {@code null} at the end.
   */
  @Schema(name = "AuditPage", description = "Audit entries, newest first.")
  public record Page(
      List<AuditTrail.Entry> entries,
      @Schema(description = "The `before` of the following page; null at the end.") Long next) {}

  private static final String INSTANT = "An ISO-8601 instant, e.g. 2026-01-31T00:00:00Z.";

  static final int MAX_LIMIT = 500;

  private final AuditTrail trail;

  public AuditResource(AuditTrail trail) {
    this.trail = trail;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "listAudit",
      summary = "Page through the audit log",
      description =
          "Role: `auditor`. Entries newest first (keyset paging with `before`), filtered by the"
              + " parameters given. Entries name callers, their principals and what each search"
              + " returned.")
  @APIResponse(responseCode = "200", description = "A page of entries, newest first.")
  @APIResponse(
      responseCode = "400",
      description = "limit outside 1..500, or `from`/`to` not an ISO-8601 instant.")
  public Page list(
      @Parameter(description = "Only this action, e.g. `search`.") @QueryParam("action")
          String action,
      @Parameter(description = "Only this source.") @QueryParam("source") String source,
      @Parameter(description = "Only this actor.") @QueryParam("actor") String actor,
      @Parameter(description = "Only this record id.") @QueryParam("recordId") String recordId,
      @Parameter(description = "From this instant on. " + INSTANT) @QueryParam("from") String from,
      @Parameter(description = "Before this instant. " + INSTANT) @QueryParam("to") String to,
      @Parameter(description = "The previous page's `next`.") @QueryParam("before") Long before,
      @Parameter(description = "Page size, 1..500; default 50.") @QueryParam("limit")
          Integer limit) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw new ProblemException(400, "Invalid audit query", "limit must be in 1.." + MAX_LIMIT);
    }
    List<AuditTrail.Entry> entries =
        trail.list(
            new AuditTrail.Query(
                action, source, actor, recordId, instant("from", from), instant("to", to)),
            before,
            n);
    return new Page(entries, entries.size() == n ? entries.get(n - 1).id() : null);
  }

  @GET
  @Path("/verify")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "verifyAudit",
      summary = "Verify the audit log",
      description =
          "Role: `auditor`. Checks every entry's MAC and hash from the last checkpoint"
              + " (`full=true`: from the first entry) in one snapshot and names the first entry"
              + " changed, removed, inserted or moved, and a truncated tail. Names no content.")
  public AuditTrail.Verdict verify(
      @Parameter(description = "Verify from the first entry rather than the last checkpoint.")
          @QueryParam("full")
          boolean full) {
    return trail.verify(full);
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          400,
          "Invalid audit query",
          name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
    }
  }
}
