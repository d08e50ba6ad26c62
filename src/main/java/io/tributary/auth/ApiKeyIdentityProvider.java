package io.tributary.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Verifies an API key against {@link ApiKeys}: the secret's hash must match, the key must be
 * neither revoked nor expired. The identity's principal and actor are {@code key:<id>}; its
 * principals are that and the key's groups; its roles are the key's.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

  private static final Logger LOG = Logger.getLogger(ApiKeyIdentityProvider.class);

  private final ApiKeys keys;
  private final Clock clock;

  @Inject
  public ApiKeyIdentityProvider(ApiKeys keys) {
    this(keys, Clock.systemUTC());
  }

  ApiKeyIdentityProvider(ApiKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Class<ApiKeyRequest> getRequestType() {
    return ApiKeyRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      ApiKeyRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(() -> identity(request.credential()));
  }

  SecurityIdentity identity(String credential) {
    KeyToken token =
        KeyToken.parse(credential)
            .orElseThrow(() -> new AuthenticationFailedException("malformed API key"));
    Instant now = clock.instant();
    ApiKey key;
    try {
      key =
          keys.verify(token)
              .orElseThrow(() -> new AuthenticationFailedException("unknown API key"));
      if (!key.usableAt(now)) {
        throw new AuthenticationFailedException(
            key.revokedAt() != null ? "API key revoked" : "API key expired");
      }
      keys.touch(key.id(), now);
    } catch (SQLException e) {
      // Not the caller's fault: no 401 that would make a client drop a good key.
      LOG.warnf("API key lookup failed (SQLState %s)", e.getSQLState());
      throw new ProblemException(
          503, "Temporarily unavailable", "API keys cannot be checked now; retry later");
    }
    Set<String> principals = new LinkedHashSet<>();
    principals.add(key.actor());
    principals.addAll(key.groups());
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(key.actor()))
        .addRoles(Set.copyOf(key.roles()))
        .addAttribute(Callers.ACTOR, key.actor())
        .addAttribute(Callers.PRINCIPALS, Set.copyOf(principals))
        .build();
  }
}
