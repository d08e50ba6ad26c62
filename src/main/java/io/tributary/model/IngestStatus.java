package io.tributary.model;

import java.util.Locale;

/** The outcome of one record in a batch. */
public enum IngestStatus {
  /** Stored with fresh chunks. */
  INDEXED,
  /** Same input and same pipeline configuration as stored: nothing re-embedded. */
  UNCHANGED,
  /** Older version than stored: ignored. */
  STALE,
  /** Record and all its chunks removed. */
  DELETED,
  /** Malformed or unprocessable: dead-lettered with the reason. */
  REJECTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
