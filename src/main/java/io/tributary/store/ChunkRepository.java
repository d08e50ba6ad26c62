package io.tributary.store;

import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordWrite;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchScope;
import io.tributary.model.StoredChunk;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.VersionConflictException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The store stage: records and their embedded chunks.
 *
 * <p>Contract: thread-safe; every write is one transaction, so a reader sees a record's old chunks
 * or its new ones, never a mix and never none; staleness is re-checked under the record's row lock.
 * Failures are {@link io.tributary.pipeline.RetriableException} (database unreachable, serialization
 * failure), {@link io.tributary.pipeline.PoisonRecordException} (this record's data violates a
 * constraint) or {@link io.tributary.pipeline.FatalPipelineException} (schema, credentials).
 */
public interface ChunkRepository {

  Optional<StoredRecord> find(RecordKey key);

  /**
   * Replaces the record's chunks; {@link IngestStatus#STALE} when a newer version is stored. The audit
   * entry for the outcome is written in the same transaction.
   *
   * @param equalVersion under {@link EqualVersion#REJECT}, a record whose version is stored with other
   *     content ({@link StoredRecord#conflictsWith}, decided under the row lock) is refused with a
   *     {@link VersionConflictException} and nothing is written; under {@code REPLACE} it replaces
   */
  IngestStatus replace(RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit);

  /**
   * Removes the record's chunks and leaves a tombstone; stale when a newer version is stored. A delete
   * at the stored version deletes: a delete carries no content to conflict with.
   */
  IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit);

  /**
   * Records the version and origin of a delivery of unchanged content without touching its chunks:
   * {@link IngestStatus#UNCHANGED}, or stale when a newer version is stored. Under {@link
   * EqualVersion#REJECT} it throws {@link VersionConflictException} as {@link #replace} does when,
   * under the row lock, the stored version turns out to hold other content (a concurrent writer won).
   *
   * @param contentHash the delivery's content hash
   * @param pipelineVersion the pipeline version it was hashed under
   */
  IngestStatus touch(
      SourceRecord record, String contentHash, String pipelineVersion, EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit);

  /** The record's chunks in ordinal order. */
  List<Chunk> chunks(RecordKey key);

  /** Ids of the source's indexed (not deleted) records that start with {@code prefix}, sorted. */
  List<String> indexedIdsWithPrefix(String source, String prefix);

  /**
   * At most {@code limit} chunks visible in the scope, by cosine similarity to the query, best first
   * (score = similarity). Returns {@code limit} chunks whenever that many are visible, however
   * selective the filter: the HNSW scan iterates, and falls back to an exact scan when it comes back short.
   *
   * @param efSearch HNSW candidate list size ({@code hnsw.ef_search}); raised to {@code limit} when smaller
   */
  List<SearchHit> vectorSearch(float[] query, SearchScope scope, int limit, int efSearch);

  /**
   * At most {@code limit} chunks visible in the scope that share a word (English stemming) with the
   * query, best {@code ts_rank} first (score = rank).
   */
  List<SearchHit> keywordSearch(String query, SearchScope scope, int limit);

  /** A stored chunk with its provenance and ACL, or empty. */
  Optional<StoredChunk> chunk(UUID id);

  /** The ACL stored for a record, or empty when the record was never seen. */
  Optional<List<String>> acl(RecordKey key);

  /** Dimension of the {@code chunks.embedding} column, as the database declares it. */
  int embeddingColumnDimension();
}
