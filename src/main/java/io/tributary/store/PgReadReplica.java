package io.tributary.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.config.TributaryConfig;
import io.tributary.pipeline.ReadReplica;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@link ReadReplica} over a PostgreSQL hot standby: its own small Agroal pool (the service's role
 * and password, the pgvector type registered per connection), probed every {@code
 * tributary.search.replica.probe-interval}. The probe compares the primary's WAL position with the
 * replica's replayed one: searches read the replica only while it is in recovery, reachable and
 * behind by at most {@code max-lag}, so a replica that stops, falls behind or is promoted never
 * serves stale or diverging answers for longer than one probe interval.
 */
@ApplicationScoped
public class PgReadReplica implements ReadReplica {

  private static final Logger LOG = Logger.getLogger(PgReadReplica.class);
  private static final Status STARTING = new Status("starting", null, null, null, null);

  private final DataSource primary;
  private final TributaryConfig.Search.Replica config;
  private final AgroalDataSource replica;
  private volatile Status status;

  public PgReadReplica(
      DataSource primary,
      TributaryConfig config,
      @ConfigProperty(name = "quarkus.datasource.username") String user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.primary = primary;
    this.config = config.search().replica();
    this.replica = this.config.url().map(url -> pool(url, user, password)).orElse(null);
    this.status = replica == null ? null : STARTING;
  }

  private AgroalDataSource pool(String url, String user, Optional<String> password) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "tributary.search.replica.url must be a jdbc:postgresql: URL, got another scheme");
    }
    AgroalDataSourceConfigurationSupplier supplier =
        new AgroalDataSourceConfigurationSupplier()
            .metricsEnabled(false)
            .connectionPoolConfiguration(
                cp ->
                    cp.minSize(0)
                        .maxSize(Math.max(1, config.maxConnections()))
                        .acquisitionTimeout(Duration.ofSeconds(2))
                        .connectionFactoryConfiguration(
                            cf -> {
                              cf.jdbcUrl(url)
                                  .connectionProviderClassName("org.postgresql.Driver")
                                  .autoCommit(true)
                                  .principal(new NamePrincipal(user))
                                  .jdbcProperty("connectTimeout", "3")
                                  .jdbcProperty("socketTimeout", "60")
                                  .jdbcProperty("readOnly", "true");
                              password.ifPresent(p -> cf.credential(new SimplePassword(p)));
                              return cf;
                            }));
    try {
      AgroalDataSource ds = AgroalDataSource.from(supplier);
      ds.setPoolInterceptors(List.of(new PgVectorRegistration()));
      return ds;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the search replica's connection pool", e);
    }
  }

  void start(@Observes StartupEvent event) {
    if (replica != null) {
      probe();
      LOG.infof("searches may read a replica: %s", status);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (replica != null) {
      replica.close();
    }
  }

  @Override
  public DataSource forSearch() {
    Status s = status;
    return s != null && "serving".equals(s.state()) ? replica : primary;
  }

  @Override
  public Status status() {
    return status;
  }

  @Scheduled(
      every = "${tributary.search.replica.probe-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void probe() {
    if (replica == null) {
      return;
    }
    Status before = status;
    Status now = probeOnce();
    status = now;
    if (before == null || !before.state().equals(now.state())) {
      LOG.infof(
          "search replica %s (lag %s bytes, %s s)%s",
          now.state(),
          now.lagBytes(),
          now.lagSeconds(),
          now.error() == null ? "" : ": " + now.error());
    }
  }

  private Status probeOnce() {
    Instant at = Instant.now();
    String primaryLsn;
    try (Connection c = primary.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      rs.next();
      primaryLsn = rs.getString(1);
    } catch (SQLException e) {
      // the primary is down: the replica cannot be compared; searches fail over nowhere new
      return new Status("unreachable", null, null, at, "primary: " + describe(e));
    }
    try (Connection c = replica.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_is_in_recovery(), greatest(pg_wal_lsn_diff(?::pg_lsn,"
                    + " pg_last_wal_replay_lsn()), 0)::bigint, extract(epoch FROM now() -"
                    + " pg_last_xact_replay_timestamp())::float8")) {
      ps.setString(1, primaryLsn);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return new Status("not-a-replica", null, null, at, null);
        }
        long bytes = rs.getLong(2);
        double sinceReplay = rs.getDouble(3);
        Double seconds = bytes == 0 ? 0.0 : (rs.wasNull() ? null : Math.max(0, sinceReplay));
        boolean behind = seconds == null || seconds > config.maxLag().toMillis() / 1000.0;
        return new Status(bytes > 0 && behind ? "lagging" : "serving", bytes, seconds, at, null);
      }
    } catch (SQLException e) {
      return new Status("unreachable", null, null, at, describe(e));
    }
  }

  private static String describe(SQLException e) {
    return e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : " " + e.getSQLState());
  }
}
