package io.tributary.store;

import io.tributary.model.AuditEntry;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordWrite;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The store's writes: a record's chunks replaced, removed, given a new ACL, or its delivery
 * recorded, each with its audit entry.
 *
 * <p>Contract: thread-safe; every write is one transaction that also holds the audit entry of its
 * outcome (through {@link AuditSink}), so a reader sees a record's old chunks or its new ones,
 * never a mix and never none, and never a change without its audit entry. Staleness and version
 * conflicts are decided under the record's row lock. The arguments are never mutated. Failures are
 * {@link io.tributary.pipeline.RetriableException} (database unreachable, serialization failure),
 * {@link io.tributary.pipeline.PoisonRecordException} (this record's data violates a constraint) or
 * {@link io.tributary.pipeline.FatalPipelineException} (schema, credentials).
 */
public interface RecordWriter {

  /**
   * Replaces the record's chunks; {@link IngestStatus#STALE} when a newer version is stored. The
   * audit entry for the outcome is written in the same transaction.
   *
   * @param equalVersion under {@link EqualVersion#REJECT}, a record whose version is stored with
   *     other content ({@link StoredRecord#conflictsWith}, decided under the row lock) is refused
   *     with a {@link VersionConflictException} and nothing is written; under {@code REPLACE} it
   *     replaces
   */
  IngestStatus replace(
      RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit);

  /**
   * Removes the record's chunks and leaves a tombstone; stale when a newer version is stored. A
   * delete at the stored version deletes: a delete carries no content to conflict with.
   */
  IngestStatus delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit);

  /**
   * Records the version and origin of a delivery of unchanged content without touching its chunks:
   * {@link IngestStatus#UNCHANGED}, or stale when a newer version is stored. Under {@link
   * EqualVersion#REJECT} it throws {@link VersionConflictException} as {@link #replace} does when,
   * under the row lock, the stored version turns out to hold other content (a concurrent writer
   * won).
   *
   * @param contentHash the delivery's content hash
   * @param pipelineVersion the pipeline version it was hashed under
   */
  IngestStatus touch(
      SourceRecord record,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit);

  /**
   * Gives a record whose content is stored as it is a new ACL without re-embedding anything: the
   * record's version, origin, content hash and ACL, and every chunk's ACL and provenance (version,
   * content hash, origin), rewritten in place; texts and vectors stay. {@link
   * IngestStatus#ACL_UPDATED}, or stale when a newer version is stored; under {@link
   * EqualVersion#REJECT}, a {@link VersionConflictException} as {@link #replace} throws.
   *
   * @param storedHash the content hash the caller read for the record: the decision that only the
   *     ACL differs holds only while the record still has it under {@code pipelineVersion}. When,
   *     under the row lock, it does not (another writer changed or deleted the record meanwhile),
   *     nothing is written and a {@link io.tributary.pipeline.RetriableException} is thrown, so the
   *     caller reads the record again and decides again
   * @param contentHash the delivery's content hash (with its ACL)
   * @param pipelineVersion the pipeline version both hashes were taken under
   */
  IngestStatus updateAcl(
      SourceRecord record,
      String storedHash,
      String contentHash,
      String pipelineVersion,
      EqualVersion equalVersion,
      Function<IngestStatus, AuditEntry> audit);

  /**
   * Applies the writes in their order, with the outcome of each in the same order: what calling
   * {@link #replace}, {@link #delete}, {@link #touch} and {@link #updateAcl} one by one would give,
   * with each write's {@link VersionConflictException} or {@link PoisonRecordException} returned as
   * its refusal instead of thrown, so one refused write never fails its neighbours. A retriable or
   * fatal fault is thrown for the whole list; writes applied before it may stay applied (each is
   * idempotent, so the caller applies the list again).
   *
   * <p>The default applies them one by one; a store may apply them together (one transaction, one
   * lock statement, one audit append).
   */
  default List<Result> writeAll(List<Write> writes) {
    List<Result> out = new ArrayList<>(writes.size());
    for (Write w : writes) {
      out.add(writeOne(w));
    }
    return out;
  }

  /** One write through the single-write methods, a conflict or poison returned as its refusal. */
  default Result writeOne(Write w) {
    try {
      IngestStatus status;
      if (w instanceof Write.Replace r) {
        status = replace(r.write(), r.equalVersion(), r.audit());
      } else if (w instanceof Write.Delete d) {
        status = delete(d.record(), d.audit());
      } else if (w instanceof Write.Touch t) {
        status =
            touch(t.record(), t.contentHash(), t.pipelineVersion(), t.equalVersion(), t.audit());
      } else {
        Write.UpdateAcl a = (Write.UpdateAcl) w;
        status =
            updateAcl(
                a.record(),
                a.storedHash(),
                a.contentHash(),
                a.pipelineVersion(),
                a.equalVersion(),
                a.audit());
      }
      return new Result(status, null);
    } catch (VersionConflictException | PoisonRecordException e) {
      return new Result(null, e);
    }
  }

  /** One write of {@link #writeAll}: the arguments of the single-write method it stands for. */
  sealed interface Write {

    SourceRecord record();

    /** The audit entry of the write's outcome, written in the same transaction. */
    Function<IngestStatus, AuditEntry> audit();

    /** {@link #replace}. */
    record Replace(
        RecordWrite write, EqualVersion equalVersion, Function<IngestStatus, AuditEntry> audit)
        implements Write {
      @Override
      public SourceRecord record() {
        return write.record().source();
      }
    }

    /** {@link #delete}. */
    record Delete(SourceRecord record, Function<IngestStatus, AuditEntry> audit) implements Write {}

    /**
     * {@link #touch}; {@code rawDigest} (nullable) is the delivery's raw digest, kept as the
     * record's when, under the row lock, the record still holds {@code contentHash} under {@code
     * pipelineVersion}.
     */
    record Touch(
        SourceRecord record,
        String contentHash,
        String pipelineVersion,
        EqualVersion equalVersion,
        Function<IngestStatus, AuditEntry> audit,
        String rawDigest)
        implements Write {}

    /** {@link #updateAcl}; {@code rawDigest} (nullable) the delivery's raw digest. */
    record UpdateAcl(
        SourceRecord record,
        String storedHash,
        String contentHash,
        String pipelineVersion,
        EqualVersion equalVersion,
        Function<IngestStatus, AuditEntry> audit,
        String rawDigest)
        implements Write {}
  }

  /**
   * The outcome of one write: its status, or the {@link VersionConflictException} or {@link
   * PoisonRecordException} that refused it (then nothing of it was written).
   */
  record Result(IngestStatus status, RuntimeException refusal) {}
}
