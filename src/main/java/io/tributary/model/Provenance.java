package io.tributary.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
 * @param document a document's properties after redaction (title, author, dates, content type,
 *     language, pages, parent); empty for records
 * @param location the chunk's place in its document ({@code section}, {@code pages}); empty for
 *     records
 * @param change the change event a record came from ({@code table}, {@code lsn}, {@code op}, from
 *     its {@code cdc.*} metadata); empty otherwise
 */
@Schema(name = "Provenance", description = "Where a chunk came from.")
public record Provenance(
    String source,
    String recordId,
    @Schema(description = "The record's version, or null.") Long recordVersion,
    @Schema(description = "The chunk's position in its record.") int chunkOrdinal,
    @Schema(description = "SHA-256 of the redacted record content.") String contentHash,
    @Schema(description = "The model that produced the vector.") String embeddingModel,
    Instant ingestedAt,
    @Schema(description = "Redactions in the record, by type.") Map<String, Integer> redactions,
    Origin origin,
    @Schema(description = "Hash of the redaction policy applied.") String policyVersion,
    @Schema(
            description =
                "A document's properties after redaction (title, author, dates, content type,"
                    + " language, pages, parent); empty for records.")
        Map<String, String> document,
    @Schema(
            description =
                "The chunk's place in its document (`section`, `pages`); empty for records.")
        Map<String, String> location,
    @Schema(
            description =
                "The change event a record came from (`table`, `lsn`, `op` of a Debezium source);"
                    + " empty otherwise.")
        Map<String, String> change) {

  /** Provenance of a chunk that did not come from a change event. */
  public Provenance(
      String source,
      String recordId,
      Long recordVersion,
      int chunkOrdinal,
      String contentHash,
      String embeddingModel,
      Instant ingestedAt,
      Map<String, Integer> redactions,
      Origin origin,
      String policyVersion,
      Map<String, String> document,
      Map<String, String> location) {
    this(
        source,
        recordId,
        recordVersion,
        chunkOrdinal,
        contentHash,
        embeddingModel,
        ingestedAt,
        redactions,
        origin,
        policyVersion,
        document,
        location,
        Map.of());
  }

  public Provenance(
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
    this(
        source,
        recordId,
        recordVersion,
        chunkOrdinal,
        contentHash,
        embeddingModel,
        ingestedAt,
        redactions,
        origin,
        policyVersion,
        Map.of(),
        Map.of(),
        Map.of());
  }

  public Provenance {
    redactions = redactions == null ? Map.of() : Map.copyOf(redactions);
    document =
        document == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(document));
    location =
        location == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(location));
    change = change == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(change));
  }
}
