package io.tributary.console;

import io.quarkus.qute.TemplateInstance;
import io.tributary.api.Caller;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.audit.AuditTrail;
import io.tributary.deadletter.DeadLetterActions;
import io.tributary.deadletter.DeadLetterResource;
import io.tributary.jobs.Job;
import io.tributary.jobs.JobControl;
import io.tributary.model.AuditEntry;
import io.tributary.model.RecordKey;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchMode;
import io.tributary.retrieve.ContextService;
import io.tributary.retrieve.SearchService;
import io.tributary.source.SourceStatuses;
import io.tributary.source.SourcesResource.SourceView;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's pages and forms. Each page checks its role ({@link ConsoleAccess}): sources, dead
 * letters and jobs need {@code operator}; the search playground {@code search} (searching as chosen
 * principals: {@code operator} too); the audit log {@code auditor}. Each form checks the session's
 * synchronizer token. The pages call the service's beans in-process, which audit what they do as
 * the REST API does; what only the console does (searching as chosen principals, verifying the
 * chain) is audited here.
 */
@PermitAll // authentication and roles are checked per page by ConsoleAccess, to answer with pages
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {

  static final int MAX_PRINCIPALS = 64;
  static final int MAX_PRINCIPAL_CHARS = 200;
  static final int PAGE = 100;

  private final ConsoleAccess access;
  private final ConsolePages pages;
  private final SourceStatuses sources;
  private final DeadLetterActions letters;
  private final JobControl jobs;
  private final SearchService search;
  private final ContextService context;
  private final AuditTrail trail;
  private final AuditLog audit;

  public ConsoleResource(
      ConsoleAccess access,
      ConsolePages pages,
      SourceStatuses sources,
      DeadLetterActions letters,
      JobControl jobs,
      SearchService search,
      ContextService context,
      AuditTrail trail,
      AuditLog audit) {
    this.access = access;
    this.pages = pages;
    this.sources = sources;
    this.letters = letters;
    this.jobs = jobs;
    this.search = search;
    this.context = context;
    this.trail = trail;
    this.audit = audit;
  }

  @GET
  @Operation(hidden = true)
  public TemplateInstance index() {
    Caller caller = access.require(null);
    return pages.index.data("me", access.me(caller));
  }

  // --- sources -------------------------------------------------------------------------------

  @GET
  @Path("/sources")
  @Operation(hidden = true)
  public TemplateInstance sources() {
    Caller caller = access.require(Roles.OPERATOR);
    return pages
        .sources
        .data("me", access.me(caller))
        .data("sources", sources.list().stream().map(ConsoleViews.SourceRow::of).toList());
  }

  // --- dead letters --------------------------------------------------------------------------

  @GET
  @Path("/dead-letters")
  @Operation(hidden = true)
  public TemplateInstance deadLetters(@QueryParam("source") String source) {
    Caller caller = access.require(Roles.OPERATOR);
    return deadLetterPage(caller, source, null, null);
  }

  @POST
  @Path("/dead-letters/{id}/replay")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response replay(
      @PathParam("id") long id,
      @FormParam("source") String shown,
      @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.OPERATOR, csrf);
    String source = shownSource(shown);
    try {
      DeadLetterResource.Replay r = letters.replay(id, caller.actor());
      String message =
          "Dead letter "
              + id
              + " replayed: "
              + r.status()
              + (r.resolved() ? ", resolved." : ", failed again: " + r.error());
      return ConsolePages.page(200, deadLetterPage(caller, source, message, null));
    } catch (ProblemException e) {
      return failed(e, deadLetterPage(caller, source, null, e.problem().detail()));
    }
  }

  @POST
  @Path("/dead-letters/{id}/discard")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response discard(
      @PathParam("id") long id,
      @FormParam("reason") String reason,
      @FormParam("source") String shown,
      @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.OPERATOR, csrf);
    String source = shownSource(shown);
    try {
      letters.discard(id, reason, caller.actor());
      return ConsolePages.page(
          200, deadLetterPage(caller, source, "Dead letter " + id + " discarded.", null));
    } catch (ProblemException e) {
      return failed(e, deadLetterPage(caller, source, null, e.problem().detail()));
    }
  }

  /**
   * The source filter of the page a replay or discard was clicked on, so that the answer shows the
   * same letters (with many open letters, an unfiltered first page may not hold the one acted on).
   */
  private static String shownSource(String shown) {
    return shown == null || shown.isBlank() ? null : shown;
  }

  private TemplateInstance deadLetterPage(
      Caller caller, String source, String message, String error) {
    List<ConsoleViews.Letter> open =
        letters.list(source, 0, PAGE).stream().map(ConsoleViews.Letter::of).toList();
    audit.append(
        new AuditEntry(
            caller.actor(), "deadletter.list", source, null, Map.of("count", open.size())));
    return pages
        .deadLetters
        .data("me", access.me(caller))
        .data("letters", open)
        .data("source", source)
        .data("message", message)
        .data("error", error);
  }

  // --- jobs ----------------------------------------------------------------------------------

  @GET
  @Path("/jobs")
  @Operation(hidden = true)
  public TemplateInstance jobs() {
    Caller caller = access.require(Roles.OPERATOR);
    return jobsPage(caller, null);
  }

  @POST
  @Path("/jobs")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response startJob(
      @FormParam("source") String source,
      @FormParam("kind") String kind,
      @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.OPERATOR, csrf);
    try {
      RecordKey.requireValidSource(source == null ? "" : source.strip());
      Job job =
          "sync".equals(kind)
              ? jobs.startSync(source.strip(), caller.actor())
              : jobs.startReindex(source.strip(), caller.actor());
      return Response.seeOther(URI.create("/console/jobs/" + job.id())).build();
    } catch (IllegalArgumentException e) {
      return ConsolePages.page(400, jobsPage(caller, "Invalid source: " + e.getMessage()));
    } catch (ProblemException e) {
      return failed(e, jobsPage(caller, e.problem().detail()));
    }
  }

  @GET
  @Path("/jobs/{id}")
  @Operation(hidden = true)
  public Response job(@PathParam("id") long id) {
    Caller caller = access.require(Roles.OPERATOR);
    return jobs.find(id)
        .map(
            j ->
                ConsolePages.page(
                    200,
                    pages
                        .job
                        .data("me", access.me(caller))
                        .data("job", ConsoleViews.JobRow.of(j, jobs.progress(j)))))
        .orElseGet(() -> pages.error(404, "Not found", "no job " + id));
  }

  /** The job's progress as JSON, which the job pages poll (console.js) and scripts/reindex.sh. */
  @GET
  @Path("/jobs/{id}/progress")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public Response progress(@PathParam("id") long id) {
    access.require(Roles.OPERATOR);
    return jobs.find(id)
        .map(j -> Response.ok(jobs.progress(j)).build())
        .orElseGet(
            () -> Response.status(404).type(MediaType.APPLICATION_JSON).entity("{}").build());
  }

  @POST
  @Path("/jobs/{id}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response cancel(
      @PathParam("id") long id, @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.OPERATOR, csrf);
    if (!jobs.cancel(id, caller.actor())) {
      return ConsolePages.page(409, jobsPage(caller, "Job " + id + " is not running."));
    }
    return Response.seeOther(URI.create("/console/jobs/" + id)).build();
  }

  private TemplateInstance jobsPage(Caller caller, String error) {
    List<ConsoleViews.JobRow> rows =
        jobs.recent(50).stream().map(j -> ConsoleViews.JobRow.of(j, jobs.progress(j))).toList();
    return pages
        .jobs
        .data("me", access.me(caller))
        .data("jobs", rows)
        .data("sources", sources.list().stream().map(SourceView::source).toList())
        .data("error", error);
  }

  // --- search playground ---------------------------------------------------------------------

  @GET
  @Path("/search")
  @Operation(hidden = true)
  public TemplateInstance searchForm() {
    Caller caller = access.require(Roles.SEARCH);
    return searchPage(caller, "", "hybrid", 5, "")
        .data("hits", List.of())
        .data("contextText", null)
        .data("citations", List.of())
        .data("error", null)
        .data("searched", false);
  }

  @POST
  @Path("/search")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response search(
      @FormParam("q") String q,
      @FormParam("mode") String modeName,
      @FormParam("topK") Integer topK,
      @FormParam("principals") String asPrincipals,
      @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.SEARCH, csrf);
    String text = q == null ? "" : q.strip();
    int k = topK == null ? 5 : topK;
    String as = asPrincipals == null ? "" : asPrincipals.strip();
    TemplateInstance page = searchPage(caller, text, modeName, k, as);
    try {
      if (text.isEmpty()) {
        throw new ProblemException(400, "Invalid search", "type something to search for");
      }
      if (k < 1 || k > 50) {
        throw new ProblemException(400, "Invalid search", "topK must be in 1..50");
      }
      Set<String> principals = caller.principals();
      if (!as.isEmpty()) {
        if (!caller.has(Roles.OPERATOR)) {
          return pages.error(
              403, "Forbidden", "searching as chosen principals needs the role 'operator'");
        }
        principals = principals(as);
        audit.append(
            new AuditEntry(
                caller.actor(),
                "console.search.as",
                null,
                null,
                Map.of("principals", List.copyOf(principals))));
      }
      SearchMode mode = SearchMode.parse(modeName == null ? "hybrid" : modeName);
      SearchService.Query query = new SearchService.Query(text, mode, k, null, null, List.of());
      SearchService.Result result = search.search(query, caller.actor(), principals);
      ContextService.Context ctx = context.assemble(query, 1000, null, caller.actor(), principals);
      List<ConsoleViews.Hit> hits = new ArrayList<>();
      for (SearchHit h : result.hits()) {
        hits.add(ConsoleViews.Hit.of(hits.size() + 1, h));
      }
      List<ConsoleViews.Citation> citations =
          ctx.citations().stream()
              .map(
                  c ->
                      new ConsoleViews.Citation(
                          c.n(),
                          c.hit().provenance().source(),
                          c.hit().provenance().recordId(),
                          c.hit().provenance().recordVersion() == null
                              ? ""
                              : String.valueOf(c.hit().provenance().recordVersion()),
                          c.hit().chunkId().toString()))
              .toList();
      return ConsolePages.page(
          200,
          page.data("hits", hits)
              .data("contextText", ctx.text())
              .data("citations", citations)
              .data("redactedQuery", result.redactedQuery())
              .data("error", null)
              .data("searched", true));
    } catch (IllegalArgumentException e) {
      return ConsolePages.page(400, emptyResults(page, "Invalid search: " + e.getMessage()));
    } catch (ProblemException e) {
      return failed(e, emptyResults(page, e.problem().detail()));
    }
  }

  private TemplateInstance searchPage(Caller caller, String q, String mode, int topK, String as) {
    return pages
        .search
        .data("me", access.me(caller))
        .data("q", q)
        .data("mode", mode == null ? "hybrid" : mode)
        .data("topK", topK)
        .data("as", as)
        .data("redactedQuery", null);
  }

  private static TemplateInstance emptyResults(TemplateInstance page, String error) {
    return page.data("hits", List.of())
        .data("contextText", null)
        .data("citations", List.of())
        .data("error", error)
        .data("searched", false);
  }

  static Set<String> principals(String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : list.split(",")) {
      String s = p.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (s.length() > MAX_PRINCIPAL_CHARS || s.chars().anyMatch(Character::isISOControl)) {
        throw new ProblemException(400, "Invalid principals", "a principal is too long or odd");
      }
      out.add(s);
    }
    if (out.isEmpty() || out.size() > MAX_PRINCIPALS) {
      throw new ProblemException(
          400, "Invalid principals", "name 1.." + MAX_PRINCIPALS + " principals, comma-separated");
    }
    return out;
  }

  // --- audit log -----------------------------------------------------------------------------

  @GET
  @Path("/audit")
  @Operation(hidden = true)
  public TemplateInstance audit(
      @QueryParam("action") String action, @QueryParam("before") Long before) {
    Caller caller = access.require(Roles.AUDITOR);
    return auditPage(caller, action, before, null);
  }

  @POST
  @Path("/audit/verify")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response verify(
      @FormParam("full") boolean full, @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    Caller caller = access.requireForm(Roles.AUDITOR, csrf);
    AuditTrail.Verdict verdict = trail.verify(full);
    audit.append(
        new AuditEntry(
            caller.actor(),
            "audit.verify",
            null,
            null,
            Map.of("ok", verdict.ok(), "entries", verdict.entries(), "full", full)));
    return ConsolePages.page(200, auditPage(caller, null, null, ConsoleViews.Verdict.of(verdict)));
  }

  private TemplateInstance auditPage(
      Caller caller, String action, Long before, ConsoleViews.Verdict verdict) {
    String only = action == null || action.isBlank() ? null : action.strip();
    List<ConsoleViews.AuditRow> rows =
        trail.list(new AuditTrail.Query(only, null, null, null, null, null), before, PAGE).stream()
            .map(ConsoleViews.AuditRow::of)
            .toList();
    Long next = rows.size() == PAGE ? rows.get(rows.size() - 1).id() : null;
    return pages
        .audit
        .data("me", access.me(caller))
        .data("entries", rows)
        .data("action", only == null ? "" : only)
        .data("next", next)
        .data("verdict", verdict);
  }

  private static Response failed(ProblemException e, TemplateInstance page) {
    int status = e.problem().status();
    return ConsolePages.page(status >= 400 ? status : 500, page);
  }
}
