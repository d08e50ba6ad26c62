package io.tributary.store;

import io.tributary.pipeline.ClusterLock;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@link ClusterLock} as PostgreSQL session advisory locks, in the two-key form {@code (NAMESPACE +
 * kind, hashtext(name))}: the first key keeps Tributary's locks apart from any other application's
 * on the same database, the second is the name's hash computed by the server, so every instance
 * derives the same key whatever its JVM. Two names whose hashes collide (about one pair in 2^32)
 * share a lock: they run one after the other, which is safe.
 *
 * <p>Each held lock keeps its own pooled connection for its whole section and gives it back after
 * {@code pg_advisory_unlock}. A session lock is per connection, so two threads of one instance
 * exclude each other too. Who holds what: {@code SELECT * FROM pg_locks WHERE locktype = 'advisory'
 * AND classid = 1414660097} (directory syncs; {@code objid} is the hash of the source name).
 */
@ApplicationScoped
public class PgClusterLock implements ClusterLock {

  private static final Logger LOG = Logger.getLogger(PgClusterLock.class);

  /**
   * "TR" in the two high bytes; a kind's id is added to it. Never change it: instances of two
   * versions would not exclude each other.
   */
  static final int NAMESPACE = 0x5452_0000;

  private final DataSource dataSource;

  public PgClusterLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  static int classId(Kind kind) {
    return NAMESPACE + kind.id();
  }

  @Override
  public Optional<Held> tryAcquire(Kind kind, String name) {
    String what = "taking the " + kind + " lock of " + name;
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, what);
    }
    try {
      // autocommit: the connection must not sit "idle in transaction" for the whole section
      c.setAutoCommit(true);
      try (PreparedStatement ps =
          c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
        ps.setInt(1, classId(kind));
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return Optional.of(new PgHeld(c, kind, name));
          }
        }
      }
      c.close();
      return Optional.empty();
    } catch (SQLException e) {
      discard(c);
      throw SqlFailures.classify(e, what);
    }
  }

  /** A lock held by a session; its connection goes back to the pool when the lock is released. */
  private static final class PgHeld implements Held {

    private final Connection connection;
    private final Kind kind;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    PgHeld(Connection connection, Kind kind, String name) {
      this.connection = connection;
      this.kind = kind;
      this.name = name;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try (PreparedStatement ps =
          connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
        ps.setInt(1, classId(kind));
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && !rs.getBoolean(1)) {
            // the session was replaced under us (a reconnect); the lock went with the old one
            LOG.warnf("the %s lock of %s was no longer held when released", kind, name);
          }
        }
        connection.close();
      } catch (SQLException e) {
        // Most likely the session is gone, and its lock with it. Should it still live, the
        // connection must not return to the pool holding the lock: it is discarded.
        LOG.warnf(
            "releasing the %s lock of %s failed (SQLState %s); its connection is discarded",
            kind, name, e.getSQLState());
        discard(connection);
      }
    }
  }

  /** Closes the session behind a pooled connection rather than giving it back to the pool. */
  private static void discard(Connection c) {
    try {
      c.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // the pool flushes a connection whose abort failed
    }
    try {
      c.close();
    } catch (SQLException e) {
      // already closed by the abort
    }
  }
}
