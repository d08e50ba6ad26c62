package io.tributary.audit;

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

/**
 * {@code GET /v1/audit} (newest first, keyset paging) and {@code GET /v1/audit/verify} (whether the
 * chain is intact, from the last checkpoint or with {@code ?full=true} from the first entry; names
 * no content); both only for callers with the auditor role.
 */
@RolesAllowed(Roles.AUDITOR)
@Path("/v1/audit")
public class AuditResource {

  /**
   * A page; {@code next} is the {@code before} of the following page, or {@code null} at the end.
   */
  public record Page(List<AuditTrail.Entry> entries, Long next) {}

  static final int MAX_LIMIT = 500;

  private final AuditTrail trail;

  public AuditResource(AuditTrail trail) {
    this.trail = trail;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Page list(
      @QueryParam("action") String action,
      @QueryParam("source") String source,
      @QueryParam("actor") String actor,
      @QueryParam("recordId") String recordId,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") Long before,
      @QueryParam("limit") Integer limit) {
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
  public AuditTrail.Verdict verify(@QueryParam("full") boolean full) {
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
