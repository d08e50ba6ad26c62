package io.tributary.api;

import java.util.Set;

/**
 * Who is calling, as authenticated: the audit actor, the principals matched against record ACLs,
 * and the roles that decide what the caller may do. Built per request by {@link Callers} from the
 * verified identity only, never from a header the caller chose (delegation aside, which needs the
 * {@code delegate} role).
 *
 * @param actor the audit actor: a token's subject, {@code key:<id>}, or {@code key:<id> on behalf
 *     of <user>}
 * @param principals what record ACLs are matched against: the subject (or delegated user) and its
 *     groups
 * @param roles role names ({@link Roles}); {@code ingest:<source>} limits ingest to one source
 */
public record Caller(String actor, Set<String> principals, Set<String> roles) {

  public Caller {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a caller has an actor");
    }
    principals = Set.copyOf(principals);
    roles = Set.copyOf(roles);
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  /**
   * Whether the caller may write records of {@code source}: {@code ingest} or {@code
   * ingest:source}.
   */
  public boolean mayIngest(String source) {
    return roles.contains(Roles.INGEST) || roles.contains(Roles.ingestOf(source));
  }

  /** Refuses with a 403 problem unless the caller may write {@code source}. */
  public void requireIngest(String source) {
    if (!mayIngest(source)) {
      throw new ProblemException(
          403,
          "Forbidden",
          "writing source '"
              + source
              + "' needs the role '"
              + Roles.INGEST
              + "' or '"
              + Roles.ingestOf(source)
              + "'");
    }
  }
}
