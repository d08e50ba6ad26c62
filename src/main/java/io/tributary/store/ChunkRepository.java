package io.tributary.store;

import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordWrite;
import io.tributary.model.SearchHit;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import java.util.List;
import java.util.Optional;
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
   */
  IngestStatus replace(RecordWrite write, Function<IngestStatus, AuditEntry> audit);

  /** Removes the record's chunks and leaves a tombstone; stale when a newer version is stored. */
  IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit);

  /**
   * Records the version and origin of a delivery of unchanged content without touching its chunks:
   * {@link IngestStatus#UNCHANGED}, or stale when a newer version is stored.
   */
  IngestStatus touch(SourceRecord record, Function<IngestStatus, AuditEntry> audit);

  /** The record's chunks in ordinal order. */
  List<Chunk> chunks(RecordKey key);

  /** Ids of the source's indexed (not deleted) records that start with {@code prefix}, sorted. */
  List<String> indexedIdsWithPrefix(String source, String prefix);

  /** Nearest chunks by cosine similarity, best first. */
  List<SearchHit> search(float[] query, int topK);

  /** Dimension of the {@code chunks.embedding} column, as the database declares it. */
  int embeddingColumnDimension();
}
