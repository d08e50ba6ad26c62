package io.tributary.model;

import java.time.Instant;
import java.util.Map;

/**
 * Where a retrieved chunk came from, stored beside it and returned with every search hit.
 *
 * @param source source name
 * @param recordId the source's record id
 * @param recordVersion record version, or {@code null}
 * @param chunkOrdinal position of the chunk in its record
 * @param contentHash SHA-256 of the redacted record content
 * @param embeddingModel model id that produced the vector
 * @param ingestedAt when the chunk was stored
 * @param redactions counts of redactions in the record, by type
 * @param origin transport coordinates
 * @param policyVersion hash of the redaction policy applied
 */
public record Provenance(
    String source,
    String recordId,
    Long recordVersion,
    int chunkOrdinal,
    String contentHash,
    String embeddingModel,
    Instant ingestedAt,
    Map<String, Integer> redactions,
    Origin origin,
    String policyVersion) {

  public Provenance {
    redactions = redactions == null ? Map.of() : Map.copyOf(redactions);
  }
}
