package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Searches read a real PostgreSQL streaming replica ({@code scripts/services.sh up replica}: a hot
 * standby made with {@code pg_basebackup}) while it keeps up, and the primary while its replay is
 * paused and it falls behind; {@code GET /v1/sources} shows its state and lag. The packaged service
 * runs it ({@link ServiceProcess}): the replica is configured by environment, as in production.
 */
class ReplicaIT {

  static final int REPLICA_PORT =
      Integer.parseInt(System.getenv().getOrDefault("REPLICA_PG_PORT", "5434"));
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static boolean replicaListens() {
    try (Socket s = new Socket("127.0.0.1", REPLICA_PORT)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static String replicaUrl() {
    return TestServices.jdbcUrl().replaceFirst(":5432/", ":" + REPLICA_PORT + "/");
  }

  private static void replay(boolean on) throws SQLException {
    try (Connection c = DriverManager.getConnection(replicaUrl(), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    }
  }

  private static HttpResponse<String> post(ServiceProcess s, String path, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .header("Authorization", "Bearer " + TestKeys.all())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode replicaStatus(ServiceProcess s) throws Exception {
    return JSON.readTree(s.get("/v1/sources")).get("replica");
  }

  /** Record ids of the hits of a keyword search in one source. */
  private static String hits(ServiceProcess s, String source, String word) throws Exception {
    HttpResponse<String> r =
        post(
            s,
            "/v1/search",
            "{\"query\":\""
                + word
                + "\",\"mode\":\"keyword\",\"topK\":10,\"filter\":{\"source\":\""
                + source
                + "\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    StringBuilder ids = new StringBuilder();
    for (JsonNode h : JSON.readTree(r.body()).get("results")) {
      ids.append(h.get("provenance").get("recordId").asText()).append(' ');
    }
    return ids.toString().trim();
  }

  @Test
  void should_search_the_replica_while_it_keeps_up_and_the_primary_while_it_falls_behind()
      throws Exception {
    assumeTrue(
        replicaListens(),
        "no search replica on 127.0.0.1:"
            + REPLICA_PORT
            + ": start it with scripts/services.sh up replica (scripts/test.sh does)");
    String source = "replica-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env =
        Map.of(
            "TRIBUTARY_KAFKA_SOURCES", "none-" + source,
            "TRIBUTARY_SEARCH_EMPTY_ACL_PUBLIC", "true",
            "TRIBUTARY_SEARCH_REPLICA_URL", replicaUrl(),
            "TRIBUTARY_SEARCH_REPLICA_PROBE_INTERVAL", "1s",
            "TRIBUTARY_SEARCH_REPLICA_MAX_LAG", "15s");
    try (ServiceProcess s = ServiceProcess.start("replica", env)) {
      HttpResponse<String> first =
          post(
              s,
              "/v1/sources/" + source + "/records",
              "{\"records\":[{\"id\":\"R1\",\"text\":\"The zephyrine valve was replaced.\"},"
                  + "{\"id\":\"R2\",\"text\":\"A second zephyrine valve report.\"}]}");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                JsonNode replica = replicaStatus(s);
                assertThat(replica.get("state").asText()).isEqualTo("serving");
                assertThat(replica.get("lagBytes").isNumber()).isTrue();
                assertThat(hits(s, source, "zephyrine")).isEqualTo("R1 R2");
              });
      replay(false);
      try {
        assertThat(
                post(
                        s,
                        "/v1/sources/" + source + "/records",
                        "{\"records\":[{\"id\":\"R3\",\"text\":\"A quillwort sample arrived.\"}]}")
                    .statusCode())
            .isEqualTo(200);
        // The primary holds R3, the paused replica not yet; within max-lag the replica still
        // serves, so the search does not find R3: searches read the replica.
        assertThat(replicaStatus(s).get("state").asText()).isEqualTo("serving");
        assertThat(hits(s, source, "quillwort")).as("answered by the replica").isEmpty();
        assertThat(replicaStatus(s).get("state").asText()).isEqualTo("serving");
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(
                () -> {
                  JsonNode replica = replicaStatus(s);
                  assertThat(replica.get("state").asText()).isEqualTo("lagging");
                  assertThat(replica.get("lagBytes").asLong()).isPositive();
                });
        // behind by more than max-lag: searches read the primary, which has R3
        assertThat(hits(s, source, "quillwort")).as("answered by the primary").isEqualTo("R3");
      } finally {
        replay(true);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> assertThat(replicaStatus(s).get("state").asText()).isEqualTo("serving"));
      assertThat(hits(s, source, "quillwort")).isEqualTo("R3");
    }
  }
}
