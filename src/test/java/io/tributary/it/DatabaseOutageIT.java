package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable for 20 s mid-stream: consumption pauses (readiness DOWN with the reason),
 * resumes by itself when the database is back (readiness UP), and nothing is lost or duplicated.
 */
class DatabaseOutageIT {

  static final int FIRST = 300;
  static final int DURING = 200;

  static String record(int i) {
    return "{\"id\":\"O-"
        + i
        + "\",\"version\":1,\"text\":\"Outage test record "
        + i
        + " about a delayed delivery of cargo bike parts.\"}";
  }

  @Test
  void should_pause_and_resume_by_itself_when_the_database_is_unreachable_for_20_seconds()
      throws Exception {
    String source = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    String group = "outage-" + UUID.randomUUID();
    KafkaTestClient.createTopic(topic, 2);
    try {
      run(source, topic, group);
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
  }

  private void run(String source, String topic, String group) throws Exception {
    String mine = "source = '" + source + "'";

    // The test database wherever it runs (native or a container), reached through the proxy.
    URI target = URI.create(TestServices.jdbcUrl().substring("jdbc:".length()));
    try (TcpProxy db = new TcpProxy(target.getHost(), target.getPort());
        KafkaTestClient kafka = new KafkaTestClient()) {
      String url =
          "jdbc:postgresql://127.0.0.1:"
              + db.port()
              + target.getRawPath()
              + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      try (ServiceProcess service =
          ServiceProcess.start(
              "outage",
              Map.of(
                  "TRIBUTARY_DB_URL",
                  url,
                  "TRIBUTARY_KAFKA_GROUP_ID",
                  group,
                  "TRIBUTARY_KAFKA_SOURCES",
                  source,
                  "TRIBUTARY_KAFKA_MAX_POLL_RECORDS",
                  "50"))) {
        for (int i = 0; i < FIRST; i++) {
          kafka.sendAsync(topic, "O-" + i, record(i));
        }
        kafka.flush();
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> Sql.count("SELECT count(*) FROM records WHERE " + mine) >= 50);

        db.cut();
        long cutAt = System.nanoTime();
        for (int i = FIRST; i < FIRST + DURING; i++) {
          kafka.sendAsync(topic, "O-" + i, record(i));
        }
        kafka.flush();
        AtomicBoolean sawDown = new AtomicBoolean();
        AtomicBoolean sawPaused = new AtomicBoolean();
        while (System.nanoTime() - cutAt < Duration.ofSeconds(20).toNanos()) {
          String ready = service.get("/q/health/ready");
          sawDown.compareAndSet(
              false,
              ready.contains("\"status\": \"DOWN\"") || ready.contains("\"status\":\"DOWN\""));
          sawPaused.compareAndSet(false, ready.contains("PAUSED"));
          Thread.sleep(500);
        }
        long storedDuringOutage = Sql.count("SELECT count(*) FROM records WHERE " + mine);
        db.restore();

        assertThat(sawDown).as("readiness DOWN while the database was unreachable").isTrue();
        assertThat(sawPaused).as("consumer reported PAUSED with a reason").isTrue();
        assertThat(storedDuringOutage).isLessThan(FIRST + DURING);

        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> KafkaTestClient.groupCaughtUp(group, topic));
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> service.status("/q/health/ready") == 200);
        assertThat(service.get("/q/health/ready")).contains("RUNNING");
        service.stop();
      }
    }
    assertThat(Sql.count("SELECT count(*) FROM records WHERE " + mine + " AND status = 'indexed'"))
        .as("nothing lost")
        .isEqualTo(FIRST + DURING);
    assertThat(Sql.count("SELECT count(*) FROM chunks WHERE " + mine))
        .isEqualTo(Sql.count("SELECT sum(chunk_count) FROM records WHERE " + mine));
    assertThat(
            Sql.count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE "
                    + mine
                    + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
        .as("duplicates")
        .isZero();
    assertThat(Sql.count("SELECT count(*) FROM dead_letters WHERE " + mine))
        .as("nothing dead-lettered")
        .isZero();
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE " + mine + " AND action = 'ingest.indexed'"))
        .as("each record indexed exactly once")
        .isEqualTo(FIRST + DURING);
  }
}
