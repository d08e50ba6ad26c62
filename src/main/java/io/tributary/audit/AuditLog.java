package io.tributary.audit;

import io.tributary.model.AuditEntry;
import java.util.List;

/**
 * The append-only audit log. Contract: thread-safe; entries are never updated or deleted (the
 * database refuses it); an entry holds ids, hashes, counts and redacted text only.
 */
public interface AuditLog {

  void append(List<AuditEntry> entries);

  default void append(AuditEntry entry) {
    append(List.of(entry));
  }
}
