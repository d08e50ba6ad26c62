package io.tributary.jobs;

import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/jobs/{id}}: a job's status, progress and result. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  private final ReindexJobs jobs;

  public JobResource(ReindexJobs jobs) {
    this.jobs = jobs;
  }

  @GET
  public Job get(@PathParam("id") long id) {
    return jobs.find(id).orElseThrow(() -> new ProblemException(404, "Not found", "no job " + id));
  }
}
