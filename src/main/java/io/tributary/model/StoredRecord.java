package io.tributary.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store knows about a record.
 *
 * @param key source and id
 * @param version stored version, or {@code null}
 * @param state indexed or deleted
 * @param contentHash SHA-256 of the redacted content, {@code null} for a tombstone
 * @param pipelineVersion hash of the configuration that produced the chunks
 * @param chunkCount chunks stored
 * @param redactions redaction counts
 * @param updatedAt last change
 */
public record StoredRecord(
    RecordKey key,
    Long version,
    RecordState state,
    String contentHash,
    String pipelineVersion,
    int chunkCount,
    RedactionReport redactions,
    Instant updatedAt) {

  public StoredRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    redactions = redactions == null ? RedactionReport.NONE : redactions;
  }

  /** Whether a record with {@code incoming} version is older than this one. Without versions nothing is stale. */
  public boolean isNewerThan(Long incoming) {
    return version != null && incoming != null && incoming < version;
  }
}
