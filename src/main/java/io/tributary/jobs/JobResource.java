package io.tributary.jobs;

import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/jobs/{id}}: a job's status, progress and result. */
@RolesAllowed(Roles.OPERATOR)
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  private final ReindexJobs jobs;

  public JobResource(ReindexJobs jobs) {
    this.jobs = jobs;
  }

  @GET
  @Operation(
      operationId = "getJob",
      summary = "Get a job",
      description = "Role: `operator`. A background job's status, progress and result.")
  @APIResponse(responseCode = "200", description = "The job.")
  @APIResponse(responseCode = "404", description = "No such job.")
  public Job get(@Parameter(description = "The job's id.") @PathParam("id") long id) {
    return jobs.find(id).orElseThrow(() -> new ProblemException(404, "Not found", "no job " + id));
  }
}
