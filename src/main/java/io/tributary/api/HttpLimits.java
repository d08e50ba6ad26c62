package io.tributary.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.tributary.config.TributaryConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request limits that Vert.x would enforce with an empty answer, enforced here with problem+json.
 *
 * <ul>
 *   <li>Body over {@code quarkus.http.limits.max-body-size}: with a {@code Content-Length}, Quarkus
 *       answers an empty 413 before any resource runs; this route answers first. Without one
 *       (chunked), Quarkus's reader answers an empty 413 mid-stream; this route takes that limit
 *       over and {@link BodyLimit} counts the bytes as the resource reads them.
 *   <li>Headers and request line: Vert.x's decoder answers 431/414 with an empty body and Quarkus
 *       3.33 offers no hook into it (quarkusio/quarkus#55082). Its limits are set far above
 *       Tributary's ({@link TributaryConfig.Http}), which are checked here.
 * </ul>
 */
@ApplicationScoped
public class HttpLimits {

  /**
   * Where the body limit of a request without {@code Content-Length} waits for {@link BodyLimit}.
   */
  static final String BODY_LIMIT_KEY = "tributary.body-limit";

  private final long maxBodyBytes;
  private final TributaryConfig.Http limits;
  private final ObjectMapper json;

  public HttpLimits(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
      TributaryConfig config,
      ObjectMapper json) {
    this.maxBodyBytes = maxBody.asLongValue();
    this.limits = config.http();
    this.json = json;
  }

  void install(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkHead);
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
        .handler(this::takeOverBodyLimit);
  }

  private void checkHead(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    int line = request.method().name().length() + request.uri().length() + " HTTP/1.1".length() + 1;
    if (line > limits.maxRequestLineBytes()) {
      refuse(
          rc,
          Problem.of(
              414,
              "URI too long",
              "the request line is "
                  + line
                  + " bytes; the limit is "
                  + limits.maxRequestLineBytes()));
      return;
    }
    long headerBytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      headerBytes += header.getKey().length() + 2 + header.getValue().length();
    }
    if (headerBytes > limits.maxHeaderBytes()) {
      refuse(
          rc,
          Problem.of(
              431,
              "Request headers too large",
              "the headers are "
                  + headerBytes
                  + " bytes; the limit is "
                  + limits.maxHeaderBytes()));
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && isOver(length)) {
      refuse(
          rc,
          Problem.of(
              413,
              "Request too large",
              "the body is " + length + " bytes; the limit is " + maxBodyBytes));
      return;
    }
    rc.next();
  }

  private boolean isOver(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return false; // Vert.x refuses a malformed length itself
    }
  }

  /**
   * Quarkus's reader would answer an empty 413 mid-stream; {@link BodyLimit} answers with a body.
   */
  private void takeOverBodyLimit(RoutingContext rc) {
    Long limit = rc.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
    if (limit != null) {
      rc.put(BODY_LIMIT_KEY, limit);
    }
    rc.next();
  }

  private void refuse(RoutingContext rc, Problem problem) {
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a problem", e);
    }
    HttpServerRequest request = rc.request();
    var response =
        rc.response()
            .setStatusCode(problem.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
    if (request.version() != HttpVersion.HTTP_2) {
      // the body, if any, is never read: this connection cannot carry another request
      response.putHeader(HttpHeaders.CONNECTION, "close");
      response.endHandler(v -> request.connection().close());
    }
    response.end(body);
  }
}
