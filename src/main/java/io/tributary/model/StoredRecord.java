package io.tributary.model;

import java.time.Instant;
import java.util.List;
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
 * @param origin where the last applied delivery came from, or {@code null}
 * @param acl the principals stored for the record (and on each of its chunks); empty for none
 * @param rawDigest the keyed digest of the raw delivery its content came from (the redactor's
 *     {@code rawDigest}), or {@code null} when unknown
 */
public record StoredRecord(
    RecordKey key,
    Long version,
    RecordState state,
    String contentHash,
    String pipelineVersion,
    int chunkCount,
    RedactionReport redactions,
    Instant updatedAt,
    Origin origin,
    List<String> acl,
    String rawDigest) {

  public StoredRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    redactions = redactions == null ? RedactionReport.NONE : redactions;
    acl = acl == null ? List.of() : List.copyOf(acl);
  }

  /**
   * Whether {@code incoming} is older than what is stored: a lower version when both have one;
   * without versions, an earlier offset of the same Kafka partition (a re-delivery). Otherwise the
   * incoming record is taken as the newer one (arrival order).
   */
  public boolean isNewerThan(SourceRecord incoming) {
    if (version != null && incoming.version() != null) {
      return incoming.version() < version;
    }
    Origin o = incoming.origin();
    return origin != null
        && origin.offset() != null
        && o.offset() != null
        && Objects.equals(origin.topic(), o.topic())
        && Objects.equals(origin.partition(), o.partition())
        && o.offset() < origin.offset();
  }

  /**
   * Whether the record is stored indexed with this content hash under this pipeline version: its
   * chunks and vectors are what a delivery with that hash would get.
   */
  public boolean holds(String contentHash, String pipelineVersion) {
    return state == RecordState.INDEXED
        && Objects.equals(this.contentHash, contentHash)
        && Objects.equals(this.pipelineVersion, pipelineVersion);
  }

  /**
   * Whether the record is stored indexed from a raw delivery with this digest under this pipeline
   * version: a delivery with that digest would be redacted, rendered and chunked into what is
   * stored, so none of that needs to run again.
   */
  public boolean holdsRaw(String rawDigest, String pipelineVersion) {
    return state == RecordState.INDEXED
        && this.rawDigest != null
        && this.rawDigest.equals(rawDigest)
        && Objects.equals(this.pipelineVersion, pipelineVersion);
  }

  /**
   * Whether {@code incoming} claims the stored version with other content: both have a version, the
   * versions are equal, the stored record is indexed and was produced by the same pipeline version,
   * and the content hashes differ. With another pipeline version the hashes are not comparable (a
   * policy change changes the redacted content of the same source record), so that is a
   * re-processing, not a conflict; a tombstone has no content to conflict with.
   *
   * @param contentHash the incoming record's content hash under {@code pipelineVersion}
   */
  public boolean conflictsWith(SourceRecord incoming, String contentHash, String pipelineVersion) {
    return state == RecordState.INDEXED
        && version != null
        && version.equals(incoming.version())
        && Objects.equals(this.pipelineVersion, pipelineVersion)
        && this.contentHash != null
        && !this.contentHash.equals(contentHash);
  }
}
