package io.tributary.auth;

import java.time.Instant;
import java.util.List;

/**
 * An API key as stored, without its secret.
 *
 * @param roles role names ({@code io.tributary.api.Roles})
 * @param groups principals the key's caller holds besides {@code key:<id>}
 */
public record ApiKey(
    String id,
    String name,
    List<String> roles,
    List<String> groups,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {

  public ApiKey {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
  }

  /** The audit actor and the key's own principal. */
  public String actor() {
    return actorOf(id);
  }

  public static String actorOf(String id) {
    return "key:" + id;
  }

  public boolean usableAt(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}
