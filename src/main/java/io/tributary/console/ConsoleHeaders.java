package io.tributary.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every console answer forbids anything not served by the service itself (scripts, styles, images,
 * frames, form targets), framing by other sites, content sniffing, referrers and caching.
 */
public class ConsoleHeaders {

  static final String CSP =
      "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  @ServerResponseFilter
  public void secure(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getRequestUri().getPath();
    if (!path.equals("/console") && !path.startsWith("/console/")) {
      return;
    }
    MultivaluedMap<String, Object> h = response.getHeaders();
    h.putSingle("Content-Security-Policy", CSP);
    h.putSingle("X-Frame-Options", "DENY");
    h.putSingle("X-Content-Type-Options", "nosniff");
    h.putSingle("Referrer-Policy", "no-referrer");
    h.putSingle("Cache-Control", "no-store");
  }
}
