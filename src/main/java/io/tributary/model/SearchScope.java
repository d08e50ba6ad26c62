package io.tributary.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a caller may and wants to search: filter conditions (all must hold) and the caller's
 * principals. A chunk is visible when its record's ACL shares a principal with the caller, or when
 * the ACL is empty and {@code emptyAclPublic} is set.
 */
public record SearchScope(
    List<FilterCondition> conditions, Set<String> principals, boolean emptyAclPublic) {

  public SearchScope {
    conditions = List.copyOf(conditions);
    principals = Set.copyOf(Objects.requireNonNull(principals, "principals"));
  }

  /** Whether a chunk with this ACL is visible to the caller. */
  public boolean canSee(List<String> acl) {
    if (acl.isEmpty()) {
      return emptyAclPublic;
    }
    return acl.stream().anyMatch(principals::contains);
  }
}
