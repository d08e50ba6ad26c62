package io.tributary.model;

import java.util.Locale;

/** The outcome of one record in a batch. */
public enum IngestStatus {
  /** Stored with fresh chunks. */
  INDEXED,
  /** Same input and same pipeline configuration as stored: nothing re-embedded. */
  UNCHANGED,
  /**
   * Same content and pipeline configuration as stored, another ACL: the record's version, origin
   * and ACL and every chunk's ACL and provenance rewritten in place, nothing re-embedded. On the
   * wire {@code acl-updated}.
   */
  ACL_UPDATED,
  /** Older version than stored: ignored. */
  STALE,
  /** Record and all its chunks removed. */
  DELETED,
  /** Malformed or unprocessable: dead-lettered with the reason. */
  REJECTED,
  /**
   * The stored version carries other content and the source says {@code equal-version: reject}: the
   * stored content stays, the record is dead-lettered with both content hashes.
   */
  CONFLICT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
