package io.tributary.jobs;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.model.RecordKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/sources/{source}/reindex}: starts a reindex of the source; 202 with the job and
 * its {@code Location}, 409 when one is running.
 */
@RolesAllowed(Roles.OPERATOR)
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/sources/{source}/reindex")
@Produces(MediaType.APPLICATION_JSON)
public class ReindexResource {

  private final JobRunner jobs;
  private final Callers callers;

  public ReindexResource(JobRunner jobs, Callers callers) {
    this.jobs = jobs;
    this.callers = callers;
  }

  @POST
  @Operation(
      operationId = "startReindex",
      summary = "Start a reindex of a source",
      description =
          "Role: `operator`. Re-processes, in the background, the records of the source whose"
              + " pipeline version (redaction policy, detectors, template, embedding model...)"
              + " is not the current one. Follow it at the job's `Location`. The same as `POST"
              + " /v1/jobs` with `{\"type\": \"reindex\", \"source\": ...}`. docs/operations.md.")
  @APIResponse(
      responseCode = "202",
      description = "Queued: the job as it stands now.",
      headers =
          @Header(
              name = "Location",
              description = "`/v1/jobs/{id}`, where the job's progress is.",
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Job.class)))
  @APIResponse(responseCode = "400", description = "An invalid source name.")
  @APIResponse(
      responseCode = "409",
      description = "A reindex of the source is queued or running; the detail names its job.")
  public Response start(
      @Parameter(description = "The source.") @PathParam("source") String source) {
    try {
      RecordKey.requireValidSource(source);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid source", e.getMessage());
    }
    Job job = jobs.submit(new JobParams.Reindex(source, false), Job.API, callers.current().actor());
    return Response.accepted(job).location(URI.create("/v1/jobs/" + job.id())).build();
  }
}
