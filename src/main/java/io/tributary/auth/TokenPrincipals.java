package io.tributary.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tributary.api.Callers;
import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * For a verified token (quarkus-oidc), the actor and principals: the subject claim ({@code
 * tributary.auth.subject-claim}, default {@code sub}) and every group in {@code
 * tributary.auth.groups-claim}. Roles come from quarkus-oidc ({@code
 * quarkus.oidc.roles.role-claim-path}). Identities that already carry an actor (API keys) pass
 * unchanged.
 */
@ApplicationScoped
public class TokenPrincipals implements SecurityIdentityAugmentor {

  private final String subjectClaim;
  private final String[] groupsPath;

  @Inject
  public TokenPrincipals(TributaryConfig config) {
    this(config.auth().subjectClaim(), config.auth().groupsClaim());
  }

  TokenPrincipals(String subjectClaim, String groupsClaim) {
    this.subjectClaim = subjectClaim;
    this.groupsPath = groupsClaim.split("/");
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()
        || identity.getAttribute(Callers.ACTOR) != null
        || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      return Uni.createFrom().item(identity);
    }
    Object subject = token.getClaim(subjectClaim);
    String actor = subject == null ? null : text(subject);
    if (actor == null || actor.isBlank()) {
      // A token without the claim that names its caller names nobody: no principals, an honest
      // actor.
      return Uni.createFrom()
          .item(
              QuarkusSecurityIdentity.builder(identity)
                  .addAttribute(Callers.ACTOR, "token-without-" + subjectClaim)
                  .addAttribute(Callers.PRINCIPALS, Set.of())
                  .build());
    }
    Set<String> principals = new LinkedHashSet<>();
    principals.add(actor);
    principals.addAll(groups(token));
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder(identity)
                .addAttribute(Callers.ACTOR, actor)
                .addAttribute(Callers.PRINCIPALS, Set.copyOf(principals))
                .build());
  }

  Set<String> groups(JsonWebToken token) {
    Object value = token.getClaim(groupsPath[0]);
    for (int i = 1; i < groupsPath.length && value != null; i++) {
      value = value instanceof JsonObject o ? o.get(groupsPath[i]) : null;
    }
    Set<String> out = new LinkedHashSet<>();
    if (value instanceof JsonArray array) {
      for (JsonValue v : array) {
        addGroup(out, text(v));
      }
    } else if (value instanceof Collection<?> c) {
      for (Object v : c) {
        addGroup(out, text(v));
      }
    } else if (value != null) {
      addGroup(out, text(value));
    }
    return out;
  }

  private static void addGroup(Set<String> out, String group) {
    if (group != null && !group.isBlank()) {
      // Keycloak names groups by path (/sales) when "full path" is on; ACLs name them plainly.
      out.add(group.startsWith("/") ? group.substring(1) : group);
    }
  }

  private static String text(Object v) {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    return v == null ? null : v.toString();
  }
}
