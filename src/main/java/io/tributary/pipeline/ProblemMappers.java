package io.tributary.pipeline;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to problem+json: the client gets a status, a title and a reason, never a stack
 * trace. Retriable faults answer 503 with {@code Retry-After}: every ingest step is idempotent, so
 * the client re-sends the same request.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  @ServerExceptionMapper
  public Response retriable(RetriableException e) {
    LOG.warnf("retriable fault at %s: %s", e.stage(), e.getMessage());
    return Response.status(503)
        .header("Retry-After", "5")
        .type(Problem.MEDIA_TYPE)
        .entity(Problem.of(503, "Temporarily unavailable", e.getMessage() + "; re-send the request later"))
        .build();
  }

  @ServerExceptionMapper
  public Response fatal(FatalPipelineException e) {
    LOG.errorf(e, "fatal pipeline fault at %s: %s", e.stage(), e.getMessage());
    return respond(Problem.of(500, "Pipeline fault", e.getMessage()));
  }

  /** Data the request carried that the database or model refuses (e.g. a filter value): the caller's to fix. */
  @ServerExceptionMapper
  public Response poison(PoisonRecordException e) {
    LOG.warnf("request refused at %s: %s", e.stage(), e.getMessage());
    return respond(Problem.of(422, "Unprocessable request", e.getMessage()));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.errorf(e, "unexpected failure");
    return respond(Problem.of(500, "Internal error", "unexpected failure; see the service log"));
  }

  private static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
