package io.tributary.api;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.config.TributaryConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The current request's {@link Caller}, from the verified {@link SecurityIdentity}: the
 * authentication mechanisms (package {@code auth}) put the actor and the principals in the
 * identity's attributes {@link #ACTOR} and {@link #PRINCIPALS}.
 *
 * <p>A caller holding {@link Roles#DELEGATE} may name the end user it acts for ({@value
 * #ON_BEHALF_OF}) and that user's groups ({@value #ON_BEHALF_OF_GROUPS}); the principals are then
 * the user's, and the actor reads {@code <caller> on behalf of <user>}. Anyone else naming a user
 * gets 403. {@value #DEV_PRINCIPALS} adds principals in dev mode only (and where {@code
 * tributary.search.trust-principals-header} is set); in every other mode it is refused with 403.
 */
@RequestScoped
public class Callers {

  /** Identity attribute: the audit actor (String). */
  public static final String ACTOR = "tributary.actor";

  /** Identity attribute: the principals matched against ACLs (Set of String). */
  public static final String PRINCIPALS = "tributary.principals";

  public static final String ON_BEHALF_OF = "X-Tributary-On-Behalf-Of";
  public static final String ON_BEHALF_OF_GROUPS = "X-Tributary-On-Behalf-Of-Groups";
  public static final String DEV_PRINCIPALS = "X-Tributary-Principals";

  static final int MAX_PRINCIPALS = 64;
  static final int MAX_PRINCIPAL_CHARS = 200;

  private final SecurityIdentity identity;
  private final CurrentVertxRequest request;
  private final boolean devHeader;
  private Caller caller;

  public Callers(SecurityIdentity identity, CurrentVertxRequest request, TributaryConfig config) {
    this.identity = identity;
    this.request = request;
    this.devHeader =
        LaunchMode.current() == LaunchMode.DEVELOPMENT && config.search().trustPrincipalsHeader();
  }

  /** The caller; 401 problem when the request is not authenticated. */
  public Caller current() {
    if (caller == null) {
      caller = resolve();
    }
    return caller;
  }

  private Caller resolve() {
    if (identity == null || identity.isAnonymous()) {
      throw new ProblemException(401, "Unauthorized", "this endpoint needs a token or an API key");
    }
    String actor = identity.getAttribute(ACTOR);
    if (actor == null) {
      actor = identity.getPrincipal().getName();
    }
    Set<String> principals = identity.getAttribute(PRINCIPALS);
    if (principals == null) {
      principals = Set.of(identity.getPrincipal().getName());
    }
    Set<String> roles = identity.getRoles();
    HttpServerRequest http = request.getCurrent() == null ? null : request.getCurrent().request();
    String user = http == null ? null : http.getHeader(ON_BEHALF_OF);
    String groups = http == null ? null : http.getHeader(ON_BEHALF_OF_GROUPS);
    if (user != null || groups != null) {
      if (!roles.contains(Roles.DELEGATE)) {
        throw new ProblemException(
            403, "Forbidden", "acting on behalf of a user needs the role '" + Roles.DELEGATE + "'");
      }
      if (user == null || user.isBlank()) {
        throw new ProblemException(
            400, "Invalid delegation", ON_BEHALF_OF + " names the user the caller acts for");
      }
      String who = checked(user.strip());
      Set<String> delegated = new LinkedHashSet<>();
      delegated.add(who);
      delegated.addAll(list(groups));
      return new Caller(actor + " on behalf of " + who, limited(delegated), roles);
    }
    String dev = http == null ? null : http.getHeader(DEV_PRINCIPALS);
    if (dev != null) {
      if (!devHeader) {
        throw new ProblemException(
            403,
            "Principals header not trusted",
            DEV_PRINCIPALS
                + " is honoured only in dev mode; principals come from the token or key (or "
                + ON_BEHALF_OF
                + " for a delegate)");
      }
      Set<String> more = new LinkedHashSet<>(principals);
      more.addAll(list(dev));
      principals = limited(more);
    }
    return new Caller(actor, principals, roles);
  }

  private static Set<String> list(String header) {
    Set<String> out = new LinkedHashSet<>();
    if (header == null) {
      return out;
    }
    for (String p : header.split(",")) {
      String trimmed = p.strip();
      if (!trimmed.isEmpty()) {
        out.add(checked(trimmed));
      }
    }
    return out;
  }

  private static String checked(String principal) {
    if (principal.length() > MAX_PRINCIPAL_CHARS) {
      throw new ProblemException(
          400, "Invalid principals", "a principal is longer than " + MAX_PRINCIPAL_CHARS);
    }
    if (principal.chars().anyMatch(Character::isISOControl)) {
      throw new ProblemException(400, "Invalid principals", "a principal has a control character");
    }
    return principal;
  }

  private static Set<String> limited(Set<String> principals) {
    if (principals.size() > MAX_PRINCIPALS) {
      throw new ProblemException(
          400, "Invalid principals", "more than " + MAX_PRINCIPALS + " principals");
    }
    return principals;
  }
}
