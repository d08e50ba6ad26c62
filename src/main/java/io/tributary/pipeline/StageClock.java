package io.tributary.pipeline;

import java.util.function.Supplier;

/**
 * Where the ingest stages report the wall time they spent, so that operators and the benchmark see
 * the measured split of an ingest ({@code tributary.stage} timers at {@code /q/metrics}) instead of
 * an estimate.
 *
 * <p>Contract: thread-safe, cheap (a call per record and stage), never throws; a time is recorded
 * also when the timed work throws. Stages that run concurrently each report their own time, so the
 * times of an ingest can add up to more than its wall time.
 */
public interface StageClock {

  /** The stages that are timed. */
  enum Stage {
    /** A file through the parser, attachments included. */
    PARSE,
    /** A record's fields and text through the detectors. */
    REDACT,
    /** A redacted record through its template. */
    RENDER,
    /** Rendered text into chunks, tokens counted. */
    CHUNK,
    /** Chunk texts through the embedding model. */
    EMBED,
    /** A batch's records and chunks written, in its transaction, without its audit rows. */
    WRITE,
    /** Audit rows appended, in a write's transaction or on their own. */
    AUDIT
  }

  /** A clock that records nothing, for tests and tools. */
  StageClock NONE = (stage, nanos) -> {};

  void record(Stage stage, long nanos);

  /** Runs {@code work} and records its time, also when it throws. */
  default <T> T time(Stage stage, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      record(stage, System.nanoTime() - t0);
    }
  }
}
