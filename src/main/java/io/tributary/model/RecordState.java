package io.tributary.model;

import java.util.Locale;

/**
 * Lifecycle state of a stored record. A deleted record keeps its row (a tombstone) so that a late,
 * older upsert is recognised as stale.
 */
public enum RecordState {
  INDEXED,
  DELETED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RecordState parse(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
