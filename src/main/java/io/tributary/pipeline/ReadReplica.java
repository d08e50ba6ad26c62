package io.tributary.pipeline;

import java.time.Instant;
import javax.sql.DataSource;

/**
 * Where searches read: a PostgreSQL streaming replica when one is configured ({@code
 * tributary.search.replica.url}) and keeps up, else the primary. Writes, record and chunk reads by
 * id, and the audit log always use the primary (a caller reads what it has just written).
 *
 * <p>Contract: thread-safe; {@link #forSearch()} answers at once from the last probe and never
 * waits on the replica; {@link #status()} is what {@code GET /v1/sources} shows.
 *
 * <p>The interface lives in the SPI package so that {@code source} can show the status; the
 * PostgreSQL implementation lives in {@code store}.
 */
public interface ReadReplica {

  /** The data source searches use now. */
  DataSource forSearch();

  /** The replica's state as of the last probe, or {@code null} when none is configured. */
  Status status();

  /**
   * A replica's state.
   *
   * @param state {@code serving} (searches read it), {@code lagging} (behind by more than {@code
   *     tributary.search.replica.max-lag}: searches read the primary until it catches up), {@code
   *     unreachable}, {@code not-a-replica} (it answers but is not in recovery, e.g. promoted) or
   *     {@code starting} (not probed yet); every state but {@code serving} sends searches to the
   *     primary
   * @param lagBytes WAL bytes the replica has not replayed yet, or null when unknown
   * @param lagSeconds seconds since the last replayed transaction when it is behind, 0 when it has
   *     replayed everything, null when unknown
   * @param checkedAt when the state was probed, or null before the first probe
   * @param error why the last probe failed (the exception's type and SQLState), or null
   */
  record Status(String state, Long lagBytes, Double lagSeconds, Instant checkedAt, String error) {}
}
