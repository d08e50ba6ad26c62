package io.tributary.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CDC demo's services that {@code scripts/services.sh up cdc} starts: the CRM's own PostgreSQL
 * cluster (JDBC as its application role {@code crm}) and the Kafka Connect worker running the
 * Debezium connector {@code crm} (REST). Addresses and passwords come from {@code
 * .services/crm.env}, which that script writes.
 */
final class CrmCdc {

  static final String CONNECTOR = "crm";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private final Map<String, String> env;

  private CrmCdc(Map<String, String> env) {
    this.env = env;
  }

  /**
   * The services of this checkout; fails with the command that starts them when they are not up.
   */
  static CrmCdc running() {
    Path file =
        Path.of(System.getenv().getOrDefault("TRIBUTARY_STATE_DIR", ".services"), "crm.env");
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          file + " is missing: start the CDC demo's services with scripts/services.sh up cdc");
    }
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CrmCdc crm = new CrmCdc(env);
    if (!crm.connectorRunning()) {
      throw new IllegalStateException(
          "connector "
              + CONNECTOR
              + " is not RUNNING at "
              + crm.connectUrl()
              + ": start the CDC demo's services with scripts/services.sh up cdc");
    }
    return crm;
  }

  String connectUrl() {
    return env.getOrDefault("CONNECT_URL", "http://127.0.0.1:8083");
  }

  /** Debezium's topic of a table of schema public. */
  String topic(String table) {
    return env.getOrDefault("CRM_TOPIC_PREFIX", "crm") + ".public." + table;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        env.get("CRM_JDBC_URL"), env.get("CRM_USER"), env.get("CRM_PASSWORD"));
  }

  /** Runs statements in one transaction; returns the WAL insert position after its commit. */
  long commit(String... statements) throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
      c.commit();
      return walPosition(c);
    }
  }

  /** The WAL insert position as Debezium's {@code source.lsn} numbers it. */
  long walPosition() throws SQLException {
    try (Connection c = connect()) {
      return walPosition(c);
    }
  }

  private static long walPosition(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  boolean connectorRunning() {
    try {
      String status = send("GET", "/connectors/" + CONNECTOR + "/status").body();
      return status.contains("\"tasks\":[{")
          && !status.contains("FAILED")
          && !status.contains("PAUSED")
          && !status.contains("STOPPED")
          && !status.contains("UNASSIGNED");
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Restarts the connector and its task (what a worker restart does: resume from the offsets). */
  void restartConnector() throws IOException, InterruptedException {
    expect(send("POST", "/connectors/" + CONNECTOR + "/restart?includeTasks=true"), 200, 202, 204);
  }

  /**
   * Stops the connector, forgets its offsets and resumes it: Debezium takes a new snapshot of every
   * row ({@code op: r}) and streams on from the replication slot, so everything is redelivered.
   */
  void resnapshot() throws IOException, InterruptedException {
    expect(send("PUT", "/connectors/" + CONNECTOR + "/stop"), 202, 204);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!send("GET", "/connectors/" + CONNECTOR + "/status").body().contains("\"STOPPED\"")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("connector " + CONNECTOR + " did not stop within 60 s");
      }
      Thread.sleep(250);
    }
    expect(send("DELETE", "/connectors/" + CONNECTOR + "/offsets"), 200);
    expect(send("PUT", "/connectors/" + CONNECTOR + "/resume"), 202, 204);
  }

  private static HttpResponse<String> expect(HttpResponse<String> r, int... codes) {
    for (int code : codes) {
      if (r.statusCode() == code) {
        return r;
      }
    }
    throw new IllegalStateException(
        r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
  }

  private HttpResponse<String> send(String method, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(connectUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
