package io.tributary.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.RetriableException;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to problem+json: the client gets a status, a title and a reason, never a stack
 * trace. Retriable faults answer 503 with {@code Retry-After}: every ingest step is idempotent, so
 * the client re-sends the same request.
 *
 * <p>JSON the body reader refuses is the caller's to fix: 400, naming the limit, the property and
 * the type expected, never the value sent (it may be personal data).
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  /** The challenge of every 401: a bearer token or an API key (RFC 6750). */
  public static final String CHALLENGE = "Bearer realm=\"tributary\"";

  @Inject CurrentVertxRequest current;

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  /** Over a quota: 429 with the whole seconds until the same request would be accepted. */
  @ServerExceptionMapper
  public Response quota(QuotaExceededException e) {
    return retryAfter(e.problem(), e.retryAfterSeconds());
  }

  @ServerExceptionMapper
  public Response retriable(RetriableException e) {
    LOG.warnf("retriable fault at %s: %s", e.stage(), e.getMessage());
    return retryAfter(
        Problem.of(503, "Temporarily unavailable", e.getMessage() + "; re-send the request later"),
        5);
  }

  private static Response retryAfter(Problem problem, long seconds) {
    return Response.status(problem.status())
        .header("Retry-After", String.valueOf(seconds))
        .type(Problem.MEDIA_TYPE)
        .entity(problem)
        .build();
  }

  @ServerExceptionMapper
  public Response fatal(FatalPipelineException e) {
    LOG.errorf(e, "fatal pipeline fault at %s: %s", e.stage(), e.getMessage());
    return respond(Problem.of(500, "Pipeline fault", e.getMessage()));
  }

  /**
   * Data the request carried that the database or model refuses (e.g. a filter value): the caller's
   * to fix.
   */
  @ServerExceptionMapper
  public Response poison(PoisonRecordException e) {
    LOG.warnf("request refused at %s: %s", e.stage(), e.getMessage());
    return respond(Problem.of(422, "Unprocessable request", e.getMessage()));
  }

  /**
   * Quarkus REST's Jackson reader throws these bare (its own mapper answers with no body) and wraps
   * every other parse failure in a 400 {@link WebApplicationException}. Any other Jackson failure
   * is the service's own: a 500.
   */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    return respond(jsonProblem(e));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    // Quarkus REST wraps a body its Jackson reader cannot parse in a bare 400
    if (e.getCause() instanceof JsonProcessingException json
        && !(json instanceof InvalidDefinitionException)) {
      return respond(jsonProblem(json));
    }
    int status = e.getResponse().getStatus();
    return respond(
        Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
  }

  /** No credentials where the endpoint needs them. */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return respond(
        Problem.of(401, "Unauthorized", "this endpoint needs a bearer token or an API key"));
  }

  /**
   * Credentials that do not verify: a token expired, badly signed, for another audience or issuer;
   * an unknown, revoked or expired API key. The detail names which only for API keys whose secret
   * matched.
   */
  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    String reason = e.getMessage();
    boolean ours = reason != null && reason.startsWith("API key ");
    return respond(
        Problem.of(
            401,
            "Unauthorized",
            ours ? reason : "the token or API key was not accepted (invalid, expired or revoked)"));
  }

  /**
   * The identity provider cannot be reached (discovery, keys): not the caller's fault, and the same
   * token may pass in a moment.
   */
  @ServerExceptionMapper
  public Response identityProviderUnavailable(OIDCException e) {
    LOG.warnf("identity provider unavailable: %s", e.getClass().getSimpleName());
    return retryAfter(
        Problem.of(
            503,
            "Temporarily unavailable",
            "the identity provider cannot be reached to verify the token; send it again later"),
        5);
  }

  /** Authenticated, but without the role the endpoint needs. */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(Problem.of(403, "Forbidden", "the caller lacks the role this endpoint needs"));
  }

  /**
   * Anything else, an {@link Error} included (a stack overflow on a hostile input): a 500 problem,
   * never a bare page.
   */
  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.errorf(e, "unexpected failure");
    return respond(Problem.of(500, "Internal error", "unexpected failure; see the service log"));
  }

  /**
   * The answer to JSON that does not parse or does not fit its type; names no value from the body.
   */
  public static Problem jsonProblem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // databind wraps a limit hit inside a property; Jackson's text names only lengths and limits
      if (t instanceof StreamConstraintsException limit) {
        return Problem.of(400, "JSON over a limit", limit.getOriginalMessage());
      }
    }
    if (e instanceof PropertyBindingException p) {
      return Problem.of(400, "Invalid JSON value", "unknown property " + path(p));
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return Problem.of(
          400, "Invalid JSON value", path(m) + " must be " + expected(m.getTargetType()));
    }
    if (e instanceof StreamReadException) {
      return Problem.of(400, "Malformed JSON", "the body is not JSON" + at(e.getLocation()));
    }
    return Problem.of(
        400,
        "Invalid JSON value",
        "the body does not have the expected shape" + at(e.getLocation()));
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the body" : "'" + path + "'";
  }

  private static final Set<Class<?>> INTEGERS =
      Set.of(
          Integer.class,
          int.class,
          Long.class,
          long.class,
          Short.class,
          short.class,
          Byte.class,
          byte.class);
  private static final Set<Class<?>> NUMBERS =
      Set.of(Double.class, double.class, Float.class, float.class);

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (INTEGERS.contains(type)) {
      return "an integer (a JSON number without a fraction, not a string)";
    }
    if (NUMBERS.contains(type)) {
      return "a JSON number, not a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private Response respond(Problem problem) {
    Response.ResponseBuilder answer =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    if (problem.status() == 401) {
      answer.header("WWW-Authenticate", CHALLENGE);
    }
    if (problem.status() == 413) {
      // the rest of the body stays unread: close at once rather than drain it to reuse the
      // connection
      answer.header("Connection", "close");
      RoutingContext rc = current.getCurrent();
      if (rc != null && rc.request().version() != HttpVersion.HTTP_2) {
        rc.response().endHandler(v -> rc.request().connection().close());
      }
    }
    return answer.build();
  }
}
