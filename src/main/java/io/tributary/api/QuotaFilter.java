package io.tributary.api;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The request-rate quota on every {@code /v1} route. Pre-matching, on the event loop: a refused
 * request is answered before its body is read or a resource runs. Health and {@code /q/*} are not
 * REST resources and never reach it. The identity is taken deferred, so this also works where
 * authentication is lazy.
 */
public class QuotaFilter {

  private final Quotas quotas;
  private final CurrentIdentityAssociation identity;
  private final CurrentVertxRequest current;

  public QuotaFilter(
      Quotas quotas, CurrentIdentityAssociation identity, CurrentVertxRequest current) {
    this.quotas = quotas;
    this.identity = identity;
    this.current = current;
  }

  @ServerRequestFilter(preMatching = true)
  public Uni<Void> limitRequests() {
    RoutingContext rc = current.getCurrent();
    if (!quotas.limitsRequests() || rc == null || !isV1(rc.normalizedPath())) {
      return Uni.createFrom().voidItem();
    }
    var remote = rc.request().remoteAddress();
    return identity
        .getDeferredIdentity()
        .invoke(id -> quotas.admitRequest(Quotas.callerKey(id, remote)))
        // credentials that fail still cost their address a request: guessing keys is rate-limited
        .onFailure(e -> !(e instanceof QuotaExceededException))
        .transform(
            e -> {
              try {
                quotas.admitRequest(Quotas.callerKey(null, remote));
                return e;
              } catch (QuotaExceededException refused) {
                return refused;
              }
            })
        .replaceWithVoid();
  }

  static boolean isV1(String path) {
    return path != null && (path.equals("/v1") || path.startsWith("/v1/"));
  }
}
