package io.tributary.jobs;

import io.tributary.pipeline.SqlFailures;
import io.tributary.store.EmbeddingCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * {@code purge}: hard-deletes the tombstones (rows of deleted records) older than the retention, of
 * one source or every one, {@value #BATCH} per checkpoint, then runs {@code VACUUM (ANALYZE)} on
 * {@code records}, {@code chunks} and {@code record_originals}. It also bounds the embedding cache:
 * entries no live chunk can use go ({@link EmbeddingCache#evictUnused}, a global sweep whatever the
 * purge's source; counted as {@code cacheEvicted}). Deleting is idempotent, so a resumed purge
 * simply goes on. A purged tombstone no longer makes a late, older upsert of its record stale: the
 * retention must outlast any redelivery.
 *
 * <p>VACUUM needs the tables' owner (PostgreSQL 15 has no MAINTAIN privilege): it runs on a
 * connection of its own as the schema owner ({@code quarkus.flyway.username}/{@code password}, the
 * migration's credentials). Without them the vacuum is skipped and reported in the job's errors.
 */
@ApplicationScoped
public class PurgeKind implements JobKind {

  private static final Logger LOG = Logger.getLogger(PurgeKind.class);
  static final int BATCH = 500;
  static final String VACUUMED = "vacuumed";

  private final DataSource dataSource;
  private final Config config;
  private final EmbeddingCache cache;

  public PurgeKind(DataSource dataSource, Config config, EmbeddingCache cache) {
    this.dataSource = dataSource;
    this.config = config;
    this.cache = cache;
  }

  @Override
  public String type() {
    return JobParams.PURGE;
  }

  private static final String TOMBSTONES =
      " FROM records WHERE status = 'deleted' AND updated_at < now() - make_interval(days => ?)"
          + " AND (CAST(? AS text) IS NULL OR source = ?)";

  @Override
  public void run(JobContext context) {
    JobParams.Purge p = (JobParams.Purge) context.params();
    if (!VACUUMED.equals(context.checkpoint())) {
      context.total(context.processed() + count(p));
      while (true) {
        int n = deleteBatch(p);
        context.count("purged", n);
        if (n == 0) {
          break;
        }
        if (!context.checkpoint("deleting", n)) {
          return;
        }
      }
      context.count("orphanOriginals", deleteOrphanOriginals());
      context.count("cacheEvicted", cache.evictUnused());
      vacuum(context);
      context.checkpoint(VACUUMED, 0);
    }
  }

  private long count(JobParams.Purge p) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*)" + TOMBSTONES)) {
      bind(ps, p);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "counting tombstones");
    }
  }

  private int deleteBatch(JobParams.Purge p) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM records WHERE (source, external_id) IN (SELECT source, external_id"
                    + TOMBSTONES
                    + " LIMIT "
                    + BATCH
                    + " FOR UPDATE SKIP LOCKED) AND status = 'deleted'")) {
      bind(ps, p);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "purging tombstones");
    }
  }

  /** Encrypted originals whose record is no longer indexed (deleted, or purged). */
  private int deleteOrphanOriginals() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM record_originals o WHERE NOT EXISTS (SELECT 1 FROM records r WHERE"
                    + " r.source = o.source AND r.external_id = o.external_id AND r.status ="
                    + " 'indexed')")) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "deleting orphan originals");
    }
  }

  private static void bind(PreparedStatement ps, JobParams.Purge p) throws SQLException {
    ps.setInt(1, p.retentionDays());
    ps.setString(2, p.source());
    ps.setString(3, p.source());
  }

  private void vacuum(JobContext context) {
    Optional<String> url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
    Optional<String> owner = config.getOptionalValue("quarkus.flyway.username", String.class);
    Optional<String> password = config.getOptionalValue("quarkus.flyway.password", String.class);
    if (url.isEmpty() || owner.isEmpty() || password.isEmpty()) {
      context.error(null, "vacuum skipped: no owner credentials (quarkus.flyway.username)");
      return;
    }
    try (Connection c = DriverManager.getConnection(url.get(), owner.get(), password.get());
        Statement s = c.createStatement()) {
      c.setAutoCommit(true); // VACUUM cannot run in a transaction
      for (String table :
          new String[] {"records", "chunks", "record_originals", "embedding_cache"}) {
        s.execute("VACUUM (ANALYZE) " + table);
        context.count("vacuumedTables", 1);
      }
    } catch (SQLException e) {
      LOG.warnf("purge: vacuum failed (SQLState %s)", e.getSQLState());
      context.error(null, "vacuum failed (SQLState " + e.getSQLState() + ")");
    }
  }
}
