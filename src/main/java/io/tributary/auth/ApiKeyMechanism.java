package io.tributary.auth;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.tributary.api.ProblemMappers;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads an API key from {@code Authorization: Bearer trb_...} or {@code X-API-Key: trb_...}, or, on
 * the console's paths only, the key of the console session named by the {@link
 * ConsoleSessions#COOKIE} cookie. It runs before the OIDC mechanism, so a key is never sent to the
 * token verifier; a request without a key is left to OIDC.
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

  public static final String KEY_HEADER = "X-API-Key";
  static final ChallengeData CHALLENGE =
      new ChallengeData(401, "WWW-Authenticate", ProblemMappers.CHALLENGE);
  private static final String BEARER = "bearer ";

  private final ConsoleSessions sessions;

  public ApiKeyMechanism(ConsoleSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager ipm) {
    String key = credential(context.request().getHeader("Authorization"));
    if (key == null) {
      key = context.request().getHeader(KEY_HEADER);
    }
    if (key == null) {
      key = sessionKey(context);
    }
    if (key == null || !KeyToken.looksLikeKey(key.strip())) {
      return Uni.createFrom().nullItem();
    }
    return ipm.authenticate(new ApiKeyRequest(key.strip()));
  }

  /** The console session's key: on /console paths only, so the cookie never authorizes the API. */
  private String sessionKey(RoutingContext context) {
    if (!ConsoleSessions.onConsolePath(context.normalizedPath())) {
      return null;
    }
    Cookie cookie = context.request().getCookie(ConsoleSessions.COOKIE);
    return cookie == null
        ? null
        : sessions
            .find(cookie.getValue())
            .filter(s -> !s.token()) // a token session is ConsoleTokenMechanism's
            .map(ConsoleSessions.Session::credential)
            .orElse(null);
  }

  private static String credential(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String value = authorization.substring(BEARER.length()).strip();
    return KeyToken.looksLikeKey(value) ? value : null;
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(CHALLENGE);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(ApiKeyRequest.class);
  }

  /** Before quarkus-oidc's bearer mechanism, which would take a key for a malformed token. */
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY * 2;
  }
}
