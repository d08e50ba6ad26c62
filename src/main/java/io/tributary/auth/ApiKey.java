package io.tributary.auth;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An API key as stored, without its secret.
 *
 * @param roles role names ({@code io.tributary.api.Roles})
 * @param groups principals the key's caller holds besides {@code key:<id>}
 */
@Schema(name = "ApiKey", description = "An API key as stored, without its secret.")
public record ApiKey(
    @Schema(description = "16 hex digits, the `<id>` of `trb_<id>_<secret>`.") String id,
    String name,
    @Schema(description = KeyResource.ROLES) List<String> roles,
    @Schema(description = "Principals the key's caller holds besides `key:<id>`.")
        List<String> groups,
    @Schema(description = "The audit actor who created it.") String createdBy,
    Instant createdAt,
    Instant expiresAt,
    @Schema(description = "Null unless revoked.") Instant revokedAt,
    @Schema(description = "Null if never used.") Instant lastUsedAt) {

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
