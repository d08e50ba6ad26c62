package io.tributary.store;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.model.SearchScope;
import io.tributary.model.StoredChunk;
import io.tributary.model.StoredRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Read-only access to stored records and chunks, by key or id.
 *
 * <p>Contract: thread-safe; never writes. Each call reads one committed state, so a record's chunks
 * are all old or all new. Empty (an empty {@code Optional} or list) means "not stored"; it is never
 * null. Failures are {@link io.tributary.pipeline.RetriableException} (database unreachable) or
 * {@link io.tributary.pipeline.FatalPipelineException} (schema missing, a corrupt JSON column).
 */
public interface ChunkReader {

  /**
   * The record's stored state, or empty when it was never seen (a deleted record is a tombstone).
   */
  Optional<StoredRecord> find(RecordKey key);

  /**
   * The stored state of each of these records that was ever seen, by key (absent: never seen), read
   * in one committed state. The default asks {@link #find} for each; a store answers in one query.
   */
  default Map<RecordKey, StoredRecord> findAll(Collection<RecordKey> keys) {
    Map<RecordKey, StoredRecord> out = new java.util.HashMap<>();
    for (RecordKey key : keys) {
      find(key).ifPresent(r -> out.put(key, r));
    }
    return out;
  }

  /**
   * The record's chunks in ordinal order; empty when it has none (never seen, deleted or empty).
   */
  List<Chunk> chunks(RecordKey key);

  /** Ids of the source's indexed (not deleted) records that start with {@code prefix}, sorted. */
  List<String> indexedIdsWithPrefix(String source, String prefix);

  /** A stored chunk with its provenance and ACL, or empty. */
  Optional<StoredChunk> chunk(UUID id);

  /** The ACL stored for a record, or empty when the record was never seen. */
  Optional<List<String>> acl(RecordKey key);

  /**
   * The {@code url} metadata of these chunks' records, for those that carry one (a record sent with
   * {@code "metadata":{"url":"https://..."}}); chunks without one are absent from the map.
   */
  Map<UUID, String> urls(Collection<UUID> ids);

  /**
   * Per source, the records and chunks visible to a caller with these principals (the ACL test of
   * search, applied in SQL), and when the newest of those chunks was stored; sources of which the
   * caller may see nothing are absent.
   */
  Map<String, SourceCounts> visibleSources(SearchScope scope);

  /** What a caller may see of one source. */
  record SourceCounts(long records, long chunks, java.time.Instant lastIngestedAt) {}
}
