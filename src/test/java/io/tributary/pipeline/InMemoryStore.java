package io.tributary.pipeline;

import io.tributary.model.Chunk;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordState;
import io.tributary.model.RecordWrite;
import io.tributary.model.SearchHit;
import io.tributary.model.StoredRecord;
import io.tributary.store.ChunkRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ChunkRepository in memory, for fast tests of the pipeline's decisions. Not thread-safe. */
final class InMemoryStore implements ChunkRepository {

  final Map<RecordKey, StoredRecord> records = new HashMap<>();
  final Map<RecordKey, List<Chunk>> chunks = new HashMap<>();

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public IngestStatus replace(RecordWrite write) {
    StoredRecord old = records.get(write.key());
    Long version = write.record().source().version();
    if (old != null && old.isNewerThan(version)) {
      return IngestStatus.STALE;
    }
    chunks.put(write.key(), write.chunks().stream().map(EmbeddedChunk::chunk).toList());
    records.put(write.key(), new StoredRecord(write.key(), version != null ? version : old == null ? null : old.version(),
        RecordState.INDEXED, write.contentHash(), write.pipelineVersion(), write.chunks().size(),
        write.record().report(), Instant.now()));
    return IngestStatus.INDEXED;
  }

  @Override
  public IngestStatus delete(RecordKey key, Long version) {
    StoredRecord old = records.get(key);
    if (old != null && old.isNewerThan(version)) {
      return IngestStatus.STALE;
    }
    chunks.remove(key);
    records.put(key, new StoredRecord(key, version, RecordState.DELETED, null, null, 0, null, Instant.now()));
    return IngestStatus.DELETED;
  }

  @Override
  public void touch(RecordKey key, Long version) {
    StoredRecord old = records.get(key);
    if (version != null && (old.version() == null || old.version() < version)) {
      records.put(key, new StoredRecord(key, version, old.state(), old.contentHash(), old.pipelineVersion(),
          old.chunkCount(), old.redactions(), Instant.now()));
    }
  }

  @Override
  public List<Chunk> chunks(RecordKey key) {
    return chunks.getOrDefault(key, List.of());
  }

  @Override
  public List<SearchHit> search(float[] query, int topK) {
    return new ArrayList<>();
  }

  @Override
  public int embeddingColumnDimension() {
    return 3;
  }
}
