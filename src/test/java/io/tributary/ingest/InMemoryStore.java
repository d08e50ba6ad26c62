package io.tributary.ingest;

import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordState;
import io.tributary.model.RecordWrite;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.VersionConflictException;
import io.tributary.store.ChunkReader;
import io.tributary.store.RecordWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The store's writer and reader in memory, for fast tests of the pipeline's decisions, with the
 * JDBC store's semantics (stale and conflict decided as under its row lock). Thread-safe by one
 * lock, as the row lock serialises writers of one record.
 */
final class InMemoryStore implements RecordWriter, ChunkReader {

  final Map<RecordKey, StoredRecord> records = new HashMap<>();
  final Map<RecordKey, List<Chunk>> chunks = new HashMap<>();

  /** Audit entries the store wrote "in its transactions". */
  final List<AuditEntry> audited = new ArrayList<>();

  @Override
  public List<String> indexedIdsWithPrefix(String source, String prefix) {
    return records.values().stream()
        .filter(
            r ->
                r.key().source().equals(source)
                    && r.key().id().startsWith(prefix)
                    && r.state() == RecordState.INDEXED)
        .map(r -> r.key().id())
        .sorted()
        .toList();
  }

  @Override
  public synchronized Optional<StoredRecord> find(RecordKey key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized IngestStatus replace(
      RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit) {
    StoredRecord old = records.get(write.key());
    Long version = write.record().source().version();
    if (old != null && old.isNewerThan(write.record().source())) {
      audited.add(audit.apply(IngestStatus.STALE));
      return IngestStatus.STALE;
    }
    refuseConflict(
        old, write.record().source(), write.contentHash(), write.pipelineVersion(), equalVersion);
    chunks.put(write.key(), write.chunks().stream().map(EmbeddedChunk::chunk).toList());
    records.put(
        write.key(),
        new StoredRecord(
            write.key(),
            version != null ? version : old == null ? null : old.version(),
            RecordState.INDEXED,
            write.contentHash(),
            write.pipelineVersion(),
            write.chunks().size(),
            write.record().report(),
            Instant.now(),
            write.record().source().origin()));
    audited.add(audit.apply(IngestStatus.INDEXED));
    return IngestStatus.INDEXED;
  }

  @Override
  public synchronized IngestStatus delete(
      SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    RecordKey key = record.key();
    StoredRecord old = records.get(key);
    if (old != null && old.isNewerThan(record)) {
      audited.add(audit.apply(IngestStatus.STALE));
      return IngestStatus.STALE;
    }
    chunks.remove(key);
    records.put(
        key,
        new StoredRecord(
            key,
            record.version(),
            RecordState.DELETED,
            null,
            null,
            0,
            null,
            Instant.now(),
            record.origin()));
    audited.add(audit.apply(IngestStatus.DELETED));
    return IngestStatus.DELETED;
  }

  @Override
  public synchronized IngestStatus touch(
      SourceRecord record,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    StoredRecord old = records.get(record.key());
    if (old.isNewerThan(record)) {
      audited.add(audit.apply(IngestStatus.STALE));
      return IngestStatus.STALE;
    }
    refuseConflict(old, record, contentHash, pipelineVersion, equalVersion);
    Long version = record.version() != null ? record.version() : old.version();
    records.put(
        record.key(),
        new StoredRecord(
            record.key(),
            version,
            old.state(),
            old.contentHash(),
            old.pipelineVersion(),
            old.chunkCount(),
            old.redactions(),
            Instant.now(),
            record.origin()));
    audited.add(audit.apply(IngestStatus.UNCHANGED));
    return IngestStatus.UNCHANGED;
  }

  private static void refuseConflict(
      StoredRecord old,
      SourceRecord incoming,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion) {
    if (old != null
        && equalVersion == EqualVersion.REJECT
        && old.conflictsWith(incoming, contentHash, pipelineVersion)) {
      throw new VersionConflictException(old.version(), old.contentHash(), contentHash);
    }
  }

  @Override
  public synchronized List<Chunk> chunks(RecordKey key) {
    return chunks.getOrDefault(key, List.of());
  }

  @Override
  public java.util.Optional<io.tributary.model.StoredChunk> chunk(java.util.UUID id) {
    return java.util.Optional.empty();
  }

  @Override
  public java.util.Optional<List<String>> acl(RecordKey key) {
    return java.util.Optional.empty();
  }
}
