package io.tributary.auth;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * On the console's paths, a session of the identity provider's login ({@link ConsoleCodeFlow}): its
 * access token is verified by quarkus-oidc exactly as a bearer token of the REST API (issuer,
 * audience, signature, roles from {@code quarkus.oidc.roles.role-claim-path}; principals by {@link
 * TokenPrincipals}). An access token that no longer verifies (expired) is refreshed once, off the
 * event loop; when the provider refuses, the console session ends and the request is anonymous (the
 * console then sends the browser to its login page). Runs after {@link ApiKeyMechanism} and before
 * quarkus-oidc's bearer mechanism.
 */
@ApplicationScoped
public class ConsoleTokenMechanism implements HttpAuthenticationMechanism {

  private static final Logger LOG = Logger.getLogger(ConsoleTokenMechanism.class);

  private final ConsoleSessions sessions;
  private final ConsoleCodeFlow flow;

  public ConsoleTokenMechanism(ConsoleSessions sessions, ConsoleCodeFlow flow) {
    this.sessions = sessions;
    this.flow = flow;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ipm) {
    if (!ConsoleSessions.onConsolePath(context.normalizedPath())) {
      return Uni.createFrom().nullItem();
    }
    Cookie cookie = context.request().getCookie(ConsoleSessions.COOKIE);
    Optional<ConsoleSessions.Session> found =
        cookie == null
            ? Optional.empty()
            : sessions.find(cookie.getValue()).filter(ConsoleSessions.Session::token);
    if (found.isEmpty()) {
      return Uni.createFrom().nullItem();
    }
    ConsoleSessions.Session session = found.get();
    return verify(ipm, context, session.credential())
        .onFailure()
        .recoverWithUni(() -> refreshed(ipm, context, session));
  }

  private Uni<SecurityIdentity> refreshed(
      IdentityProviderManager ipm, RoutingContext context, ConsoleSessions.Session session) {
    return Uni.createFrom()
        .item(() -> flow.refresh(session.refreshToken()))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(
            tokens -> {
              if (tokens.isEmpty()
                  || !sessions.renew(
                      session.id(), tokens.get().accessToken(), tokens.get().refreshToken())) {
                sessions.close(session.id());
                return Uni.createFrom().<SecurityIdentity>nullItem();
              }
              LOG.infof("console session of %s: access token refreshed", session.actor());
              return verify(ipm, context, tokens.get().accessToken())
                  .onFailure()
                  .recoverWithUni(
                      () -> {
                        sessions.close(session.id());
                        return Uni.createFrom().nullItem();
                      });
            });
  }

  private static Uni<SecurityIdentity> verify(
      IdentityProviderManager ipm, RoutingContext context, String accessToken) {
    return ipm.authenticate(
        HttpSecurityUtils.setRoutingContextAttribute(
            new TokenAuthenticationRequest(new AccessTokenCredential(accessToken)), context));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(ApiKeyMechanism.CHALLENGE);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  /** After the API-key mechanism, before quarkus-oidc's bearer mechanism. */
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY * 2 - 1;
  }
}
