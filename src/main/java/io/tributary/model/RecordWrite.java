package io.tributary.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to replace a record's chunks in one transaction.
 *
 * @param record the redacted record
 * @param chunks its embedded chunks, ordinals 0..n-1
 * @param contentHash SHA-256 of the redacted content
 * @param pipelineVersion hash of the configuration that produced the chunks
 * @param embeddingModel model id for provenance
 * @param rawDigest the keyed digest of the raw delivery it was made from, or {@code null} when
 *     unknown (made from a kept redacted form)
 */
public record RecordWrite(
    RedactedRecord record,
    List<EmbeddedChunk> chunks,
    String contentHash,
    String pipelineVersion,
    String embeddingModel,
    String rawDigest) {

  /** A write whose raw delivery is not known. */
  public RecordWrite(
      RedactedRecord record,
      List<EmbeddedChunk> chunks,
      String contentHash,
      String pipelineVersion,
      String embeddingModel) {
    this(record, chunks, contentHash, pipelineVersion, embeddingModel, null);
  }

  public RecordWrite {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(pipelineVersion, "pipelineVersion");
    Objects.requireNonNull(embeddingModel, "embeddingModel");
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a record write has at least one chunk");
    }
  }

  public RecordKey key() {
    return record.key();
  }

  public Map<String, String> metadata() {
    return record.metadata();
  }
}
