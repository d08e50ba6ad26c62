package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fatal faults, each in a schema of its own so that nothing else is disturbed: privileges revoked
 * mid-stream stop consumption without dead-lettering anything, and a wrong embedding dimension
 * fails the start with a message that says what to fix.
 */
class FatalFaultIT {

  static Map<String, String> ownSchema(String schema, String group, String source) {
    return Map.of(
        "TRIBUTARY_DB_URL", TestServices.jdbcUrl() + "?currentSchema=" + schema + ",public",
        "QUARKUS_FLYWAY_SCHEMAS", schema,
        "QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema,
        "TRIBUTARY_KAFKA_GROUP_ID", group,
        "TRIBUTARY_KAFKA_SOURCES", source,
        "TRIBUTARY_KAFKA_MAX_POLL_RECORDS", "20");
  }

  @Test
  void should_stop_consuming_without_dead_letters_when_privileges_are_revoked() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String schema = "fatal_" + id;
    String source = "fatal-" + id;
    String topic = "tributary." + source;
    String group = "fatal-" + id;
    KafkaTestClient.createTopic(topic, 1);
    try (ServiceProcess service =
            ServiceProcess.start("fatal-schema", ownSchema(schema, group, source));
        KafkaTestClient kafka = new KafkaTestClient()) {
      kafka.send(topic, "F-0", "{\"id\":\"F-0\",\"text\":\"Stored before the fault.\"}");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Sql.count("SELECT count(*) FROM " + schema + ".records") == 1);

      // The service's role loses its rights on the chunks table: SQLState 42501, a fatal fault.
      Sql.execute("REVOKE ALL ON " + schema + ".chunks FROM " + TestServices.appUser());
      for (int i = 1; i <= 40; i++) {
        kafka.sendAsync(
            topic,
            "F-" + i,
            "{\"id\":\"F-" + i + "\",\"text\":\"Arrives after the fault " + i + ".\"}");
      }
      kafka.flush();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> service.get("/q/health/ready").contains("STOPPED"));
      assertThat(service.status("/q/health/ready")).isEqualTo(503);
      assertThat(service.get("/q/health/ready")).contains("fatal");
      assertThat(Files.readString(service.log)).contains("FATAL at STORE");
      assertThat(Sql.count("SELECT count(*) FROM " + schema + ".dead_letters"))
          .as("no dead-letter flood")
          .isZero();
      assertThat(KafkaTestClient.readAll(topic + ".dlq", 1, Duration.ofSeconds(3))).isEmpty();
      assertThat(KafkaTestClient.groupCaughtUp(group, topic))
          .as("offsets not advanced past the fault")
          .isFalse();
      service.stop();
    } finally {
      Sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      KafkaTestClient.deleteTopics(topic);
    }
  }

  @Test
  void should_refuse_to_start_when_the_embedding_dimension_disagrees_with_the_model()
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String schema = "dim_" + id;
    try {
      Map<String, String> env =
          new java.util.HashMap<>(ownSchema(schema, "dim-" + id, "dim-" + id));
      env.put("TRIBUTARY_EMBEDDING_DIMENSION", "768");
      assertThatThrownBy(() -> ServiceProcess.start("fatal-dimension", env))
          .hasMessageContaining("exited at start");
      String log =
          Files.readString(java.nio.file.Path.of("target", "fault-logs", "fatal-dimension.log"));
      assertThat(log)
          .contains(
              "the embedding model returns vectors of dimension 384, but"
                  + " tributary.embedding.dimension is 768");
    } finally {
      Sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
