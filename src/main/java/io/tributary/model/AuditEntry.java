package io.tributary.model;

import java.util.Map;
import java.util.Objects;

/**
 * One line of the append-only audit log. The detail holds ids, hashes, counts and redacted text,
 * never raw record values.
 *
 * @param actor caller, when known, else {@code null}
 * @param action what happened, e.g. {@code ingest.indexed}, {@code search}
 * @param source source name, or {@code null}
 * @param recordId record id, or {@code null}
 * @param detail JSON-serialisable detail
 */
public record AuditEntry(
    String actor, String action, String source, String recordId, Map<String, Object> detail) {

  public AuditEntry {
    Objects.requireNonNull(action, "action");
    // Escaped so that no entry can be refused by the database (a NUL) or forge a line where it is
    // shown.
    actor = Printable.escape(actor);
    recordId = Printable.escape(recordId);
    @SuppressWarnings("unchecked")
    Map<String, Object> escaped =
        detail == null ? Map.of() : (Map<String, Object>) Printable.escapeAll(detail);
    detail = Map.copyOf(escaped);
  }
}
