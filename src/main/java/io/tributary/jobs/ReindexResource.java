package io.tributary.jobs;

import io.tributary.api.Callers;
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

/**
 * {@code POST /v1/sources/{source}/reindex}: starts a reindex of the source; 202 with the job and
 * its {@code Location}, 409 when one is running.
 */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/sources/{source}/reindex")
@Produces(MediaType.APPLICATION_JSON)
public class ReindexResource {

  private final ReindexJobs jobs;
  private final Callers callers;

  public ReindexResource(ReindexJobs jobs, Callers callers) {
    this.jobs = jobs;
    this.callers = callers;
  }

  @POST
  public Response start(@PathParam("source") String source) {
    try {
      RecordKey.requireValidSource(source);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid source", e.getMessage());
    }
    Job job = jobs.start(source, callers.current().actor());
    return Response.accepted(job).location(URI.create("/v1/jobs/" + job.id())).build();
  }
}
