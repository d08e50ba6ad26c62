package io.tributary.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/jobs}: start, list, follow and cancel background jobs. Operators start and cancel;
 * operators and auditors read.
 */
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

  static final int MAX_PAGE_SIZE = 100;

  private final JobRunner runner;
  private final JobStore store;
  private final Callers callers;
  private final ObjectMapper json;

  public JobsResource(JobRunner runner, JobStore store, Callers callers, ObjectMapper json) {
    this.runner = runner;
    this.store = store;
    this.callers = callers;
    this.json = json;
  }

  /** A page of jobs, newest first. */
  @Schema(name = "JobPage", description = "A page of jobs, newest first.")
  public record JobPage(
      java.util.List<Job> items,
      @Schema(description = "This page, from 0.") int page,
      @Schema(description = "Page size.") int size,
      @Schema(description = "Jobs matching the filter, on all pages.") long total) {}

  @POST
  @RolesAllowed(Roles.OPERATOR)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "startJob",
      summary = "Start a job",
      description =
          "Role: `operator`. Queues a `reindex`, `reembed`, `sync` or `purge` job with its typed"
              + " parameters; one instance runs it (docs/operations.md). Follow it at its"
              + " `Location`.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobParams.class)))
  @APIResponse(
      responseCode = "202",
      description = "Queued: the job as it stands now.",
      headers =
          @Header(
              name = "Location",
              description = "`/v1/jobs/{id}`.",
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Job.class)))
  @APIResponse(
      responseCode = "400",
      description = "Unknown type, or invalid parameters; the detail says which.")
  @APIResponse(
      responseCode = "409",
      description = "A job of that type is queued or running for the source; the detail names it.")
  public Response start(JsonNode body) {
    Job job = runner.submit(params(body), Job.API, callers.current().actor());
    return Response.accepted(job).location(URI.create("/v1/jobs/" + job.id())).build();
  }

  @GET
  @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
  @Operation(
      operationId = "listJobs",
      summary = "List jobs",
      description =
          "Roles: `operator`, `auditor`. Jobs, newest first, by state, type and source; paged.")
  @APIResponse(
      responseCode = "200",
      description = "A page of jobs.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = JobPage.class)))
  @APIResponse(responseCode = "400", description = "An unknown state or type, or a bad page.")
  public JobPage list(
      @Parameter(description = "`queued`, `running`, `succeeded`, `failed` or `cancelled`.")
          @QueryParam("state")
          String state,
      @Parameter(description = "`reindex`, `reembed`, `sync` or `purge`.") @QueryParam("type")
          String type,
      @Parameter(description = "The source.") @QueryParam("source") String source,
      @Parameter(description = "Page, from 0.") @QueryParam("page") @DefaultValue("0") int page,
      @Parameter(description = "Page size, 1 to 100.") @QueryParam("size") @DefaultValue("20")
          int size) {
    if (state != null && !Job.STATES.contains(state)) {
      throw new ProblemException(400, "Invalid filter", "no job state " + state);
    }
    if (type != null && !Job.TYPES.contains(type)) {
      throw new ProblemException(400, "Invalid filter", "no job type " + type);
    }
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new ProblemException(400, "Invalid page", "page >= 0 and size 1 to 100");
    }
    JobStore.Page p = store.list(state, type, source, page, size);
    return new JobPage(p.items(), p.page(), p.size(), p.total());
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
  @Operation(
      operationId = "getJob",
      summary = "Get a job",
      description =
          "Roles: `operator`, `auditor`. A job's state, progress (processed/total, rate, ETA),"
              + " counts and errors.")
  @APIResponse(
      responseCode = "200",
      description = "The job.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Job.class)))
  @APIResponse(responseCode = "404", description = "No such job.")
  public Job get(@Parameter(description = "The job's id.") @PathParam("id") long id) {
    return runner.find(id).orElseThrow(() -> JobRunner.notFound(id));
  }

  @POST
  @Path("/{id}/cancel")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      operationId = "cancelJob",
      summary = "Cancel a job",
      description =
          "Role: `operator`. A queued job is cancelled at once; a running one stops at its next"
              + " checkpoint (`cancelRequested` until then).")
  @APIResponse(
      responseCode = "202",
      description = "Cancelled, or asked to stop: the job as it stands now.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Job.class)))
  @APIResponse(responseCode = "404", description = "No such job.")
  @APIResponse(responseCode = "409", description = "The job is already finished.")
  public Response cancel(@Parameter(description = "The job's id.") @PathParam("id") long id) {
    return Response.accepted(runner.cancel(id, callers.current().actor())).build();
  }

  /** The typed parameters, or a 400 problem that says what is wrong with them. */
  JobParams params(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ProblemException(400, "Invalid job", "the body is a JSON object with a `type`");
    }
    if (!body.hasNonNull("type") || !Job.TYPES.contains(body.get("type").asText())) {
      throw new ProblemException(
          400, "Invalid job", "`type` must be one of reindex, reembed, sync, purge");
    }
    try {
      return json.treeToValue(body, JobParams.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      String detail =
          cause instanceof IllegalArgumentException
              ? cause.getMessage()
              : "invalid parameters for "
                  + body.get("type").asText()
                  + ": "
                  + e.getOriginalMessage();
      throw new ProblemException(400, "Invalid job", detail);
    }
  }
}
