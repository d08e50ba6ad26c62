package io.tributary.pipeline;

import java.util.Optional;

/**
 * Exclusive sections across every instance that shares the database: while one instance holds the
 * lock of a ({@link Kind}, name) pair, no other instance, and no other thread of the same instance,
 * gets it. Directory syncs take one per source; a later job of which only one may run at a time
 * takes one of its own kind.
 *
 * <p>Contract: thread-safe; {@link #tryAcquire} never waits for a holder, it answers at once; a
 * lock is held until {@link Held#close()} or until the holder's database session ends (its instance
 * stopped or lost the connection), so a crashed instance never blocks a source for long. A lost
 * session also releases the lock while the section still runs: sections must stay correct if,
 * rarely, two overlap (syncs do: ingestion is idempotent).
 *
 * <p>The interface lives here, in the SPI package every stage may import, so that {@code source}
 * can use it; the PostgreSQL implementation lives in {@code store}.
 */
public interface ClusterLock {

  /**
   * What a lock guards. Each kind is its own key space: a sync of source {@code a} and a job of
   * source {@code a} do not exclude each other.
   */
  enum Kind {
    /** A directory sync of one source. */
    DIRECTORY_SYNC(1),
    /** A background job, by its id: the instance holding it runs the job (io.tributary.jobs). */
    JOB(2),
    /** Queuing the job of a cron schedule, by schedule name. */
    JOB_SCHEDULE(3);

    private final int id;

    Kind(int id) {
      this.id = id;
    }

    /** The kind's number, unique among the kinds; never reuse or renumber one. */
    public int id() {
      return id;
    }
  }

  /**
   * Takes the lock of {@code name} in {@code kind} if nobody holds it.
   *
   * @return the held lock, to close when the section ends; empty when it is held elsewhere
   * @throws RetriableException when the database cannot be reached
   */
  Optional<Held> tryAcquire(Kind kind, String name);

  /** A held lock. Closing it releases it; closing twice does nothing. */
  interface Held extends AutoCloseable {

    @Override
    void close();
  }
}
