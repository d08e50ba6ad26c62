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
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.StageName;
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

  /** Calls of {@link #find}, {@link #findAll} and {@link #writeAll}: what a batch costs. */
  int finds;

  int findAlls;
  int writeAlls;

  @Override
  public synchronized Optional<StoredRecord> find(RecordKey key) {
    finds++;
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized Map<RecordKey, StoredRecord> findAll(java.util.Collection<RecordKey> keys) {
    findAlls++;
    Map<RecordKey, StoredRecord> out = new HashMap<>();
    keys.stream().filter(records::containsKey).forEach(k -> out.put(k, records.get(k)));
    return out;
  }

  @Override
  public synchronized List<Result> writeAll(List<Write> writes) {
    writeAlls++;
    return RecordWriter.super.writeAll(writes);
  }

  /**
   * As the JDBC store: a write that keeps or replaces content records the delivery's raw digest (a
   * touch only while the record still holds the content it was found equal to); a delete, or a
   * write without one, leaves none.
   */
  @Override
  public synchronized Result writeOne(Write w) {
    Result r = RecordWriter.super.writeOne(w);
    StoredRecord now = records.get(w.record().key());
    if (r.refusal() != null || r.status() == IngestStatus.STALE || now == null) {
      return r;
    }
    String digest = null;
    if (w instanceof Write.Replace rep) {
      digest = rep.write().rawDigest();
    } else if (w instanceof Write.Touch t && now.holds(t.contentHash(), t.pipelineVersion())) {
      digest = t.rawDigest();
    } else if (w instanceof Write.UpdateAcl a) {
      digest = a.rawDigest();
    }
    records.put(
        now.key(),
        new StoredRecord(
            now.key(),
            now.version(),
            now.state(),
            now.contentHash(),
            now.pipelineVersion(),
            now.chunkCount(),
            now.redactions(),
            now.updatedAt(),
            now.origin(),
            now.acl(),
            digest));
    return r;
  }

  /**
   * As under the JDBC store's row lock: stale when a newer version is stored, else the write's
   * outcome; the audit entry of the outcome either way (nothing when the write throws).
   */
  private IngestStatus underLock(
      SourceRecord record,
      Function<IngestStatus, AuditEntry> audit,
      Function<StoredRecord, IngestStatus> write) {
    StoredRecord old = records.get(record.key());
    IngestStatus status =
        old != null && old.isNewerThan(record) ? IngestStatus.STALE : write.apply(old);
    audited.add(audit.apply(status));
    return status;
  }

  @Override
  public synchronized IngestStatus replace(
      RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit) {
    SourceRecord record = write.record().source();
    return underLock(
        record,
        audit,
        old -> {
          refuseConflict(old, record, write.contentHash(), write.pipelineVersion(), equalVersion);
          chunks.put(write.key(), write.chunks().stream().map(EmbeddedChunk::chunk).toList());
          records.put(
              write.key(),
              new StoredRecord(
                  write.key(),
                  record.version() != null ? record.version() : old == null ? null : old.version(),
                  RecordState.INDEXED,
                  write.contentHash(),
                  write.pipelineVersion(),
                  write.chunks().size(),
                  write.record().report(),
                  Instant.now(),
                  record.origin(),
                  write.record().acl(),
                  null));
          return IngestStatus.INDEXED;
        });
  }

  @Override
  public synchronized IngestStatus delete(
      SourceRecord record, Function<IngestStatus, AuditEntry> audit) {
    return underLock(
        record,
        audit,
        old -> {
          chunks.remove(record.key());
          records.put(
              record.key(),
              new StoredRecord(
                  record.key(),
                  record.version(),
                  RecordState.DELETED,
                  null,
                  null,
                  0,
                  null,
                  Instant.now(),
                  record.origin(),
                  List.of(),
                  null));
          return IngestStatus.DELETED;
        });
  }

  @Override
  public synchronized IngestStatus touch(
      SourceRecord record,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    return underLock(
        record,
        audit,
        old -> {
          refuseConflict(old, record, contentHash, pipelineVersion, equalVersion);
          records.put(record.key(), delivered(old, record, old.contentHash(), old.acl()));
          return IngestStatus.UNCHANGED;
        });
  }

  /**
   * ACL updates applied, by record: the chunks (and so their texts and vectors) stay as they are.
   */
  final Map<RecordKey, Integer> aclUpdates = new HashMap<>();

  @Override
  public synchronized IngestStatus updateAcl(
      SourceRecord record,
      String storedHash,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit) {
    return underLock(
        record,
        audit,
        old -> {
          refuseConflict(old, record, contentHash, pipelineVersion, equalVersion);
          if (!old.holds(storedHash, pipelineVersion)) {
            throw new RetriableException(
                StageName.STORE, "record changed while its ACL was updated", null);
          }
          records.put(record.key(), delivered(old, record, contentHash, record.acl()));
          aclUpdates.merge(record.key(), 1, Integer::sum);
          return IngestStatus.ACL_UPDATED;
        });
  }

  /** The stored record after a delivery that keeps its chunks: its version and origin recorded. */
  private static StoredRecord delivered(
      StoredRecord old, SourceRecord record, String contentHash, List<String> acl) {
    return new StoredRecord(
        record.key(),
        record.version() != null ? record.version() : old.version(),
        old.state(),
        contentHash,
        old.pipelineVersion(),
        old.chunkCount(),
        old.redactions(),
        Instant.now(),
        record.origin(),
        acl,
        null);
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
    return java.util.Optional.ofNullable(records.get(key)).map(StoredRecord::acl);
  }

  @Override
  public Map<java.util.UUID, String> urls(java.util.Collection<java.util.UUID> ids) {
    return Map.of(); // ingest tests never ask
  }

  @Override
  public Map<String, SourceCounts> visibleSources(io.tributary.model.SearchScope scope) {
    return Map.of(); // ingest tests never ask
  }
}
