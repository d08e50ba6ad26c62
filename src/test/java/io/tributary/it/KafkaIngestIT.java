package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process consumer against the real broker and database. */
@QuarkusTest
class KafkaIngestIT {

  static KafkaTestClient kafka;
  static final List<String> topics = new java.util.ArrayList<>();
  @Inject Db db;
  @Inject CountingEmbeddingModel model;

  @BeforeAll
  static void connect() {
    kafka = new KafkaTestClient();
  }

  @AfterAll
  static void close() {
    kafka.close();
    KafkaTestClient.deleteTopics(topics.toArray(String[]::new));
  }

  static String newSource() throws Exception {
    String source = KafkaSources.PREFIX + "-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaTestClient.createTopic("tributary." + source, 2);
    topics.add("tributary." + source);
    return source;
  }

  long count(String sql) {
    return db.count(sql);
  }

  void awaitCount(String sql, long expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(count(sql)).isEqualTo(expected));
  }

  @Test
  void should_index_update_and_delete_records_from_a_topic() throws Exception {
    String source = newSource();
    String topic = "tributary." + source;
    kafka.send(topic, "A", "{\"id\":\"A\",\"version\":1,\"text\":\"Alpha arrives from Kafka.\"}");
    kafka.send(topic, "B", "{\"id\":\"B\",\"text\":\"Bravo has no version.\"}");
    awaitCount(
        "SELECT count(*) FROM records WHERE source = '" + source + "' AND status = 'indexed'", 2);

    kafka.send(topic, "A", "{\"id\":\"A\",\"version\":3,\"text\":\"Alpha version three.\"}");
    kafka.send(
        topic, "A", "{\"id\":\"A\",\"version\":2,\"text\":\"Alpha version two arrives late.\"}");
    kafka.send(topic, "B", null);
    awaitCount(
        "SELECT count(*) FROM records WHERE source = '" + source + "' AND status = 'deleted'", 1);
    awaitCount(
        "SELECT count(*) FROM audit_log WHERE source = '"
            + source
            + "' AND record_id = 'A'"
            + " AND action = 'ingest.stale'",
        1);

    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'B'"))
        .isZero();
    assertThat(
            db.strings(
                "SELECT text FROM chunks WHERE source = '" + source + "' AND external_id = 'A'"))
        .containsExactly("Alpha version three.");
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND provenance->'origin'->>'transport' = 'kafka' AND"
                    + " provenance->'origin'->>'offset' IS NOT NULL"))
        .isEqualTo(1);
    given()
        .get("/v1/sources")
        .then()
        .statusCode(200)
        .body("sources.find { it.source == '" + source + "' }.topic", equalTo(topic))
        .body("sources.find { it.source == '" + source + "' }.counts.indexed", equalTo(3))
        .body("sources.find { it.source == '" + source + "' }.counts.stale", equalTo(1))
        .body("sources.find { it.source == '" + source + "' }.counts.deleted", equalTo(1));
  }

  @Test
  void should_dead_letter_poison_messages_to_the_table_and_the_dlq_topic_and_go_on()
      throws Exception {
    String source = newSource();
    String topic = "tributary." + source;
    kafka.send(topic, "P-1", "not json at all, SSN 123-45-6789");
    kafka.send(topic, "P-2", "{\"text\":\"no id\"}");
    kafka.send(topic, "P-3", "{\"id\":\"other\",\"text\":\"id differs from key\"}");
    kafka.send(topic, "OK", "{\"id\":\"OK\",\"text\":\"A good record after the poison.\"}");
    awaitCount(
        "SELECT count(*) FROM records WHERE source = '" + source + "' AND status = 'indexed'", 1);
    awaitCount("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'", 3);

    assertThat(
            db.strings(
                "SELECT reason FROM dead_letters WHERE source = '"
                    + source
                    + "' AND record_id = 'P-1'"))
        .containsExactly("value is not JSON");
    assertThat(
            count(
                "SELECT count(*) FROM dead_letters WHERE source = '"
                    + source
                    + "' AND preview LIKE '%123-45-6789%'"))
        .isZero();

    List<ConsumerRecord<String, byte[]>> dlq =
        KafkaTestClient.readAll(topic + ".dlq", 3, Duration.ofSeconds(30));
    assertThat(dlq).hasSize(3);
    ConsumerRecord<String, byte[]> first =
        dlq.stream().filter(r -> "P-1".equals(r.key())).findFirst().orElseThrow();
    assertThat(KafkaTestClient.header(first, "tributary.dlq.reason"))
        .isEqualTo("value is not JSON");
    assertThat(KafkaTestClient.header(first, "tributary.dlq.stage")).isEqualTo("SOURCE");
    assertThat(KafkaTestClient.header(first, "tributary.dlq.original.topic")).isEqualTo(topic);
    assertThat(KafkaTestClient.header(first, "tributary.dlq.original.offset")).isNotNull();
    assertThat(KafkaTestClient.header(first, "tributary.dlq.record.id")).isEqualTo("P-1");
    // The dead-letter topic carries the redacted payload, never the raw SSN.
    assertThat(new String(first.value(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("not json at all, SSN [US_SSN]");
  }

  @Test
  void should_dead_letter_a_version_conflict_to_the_table_and_the_dlq_topic_and_go_on()
      throws Exception {
    String source = newSource();
    String topic = "tributary." + source;
    kafka.send(topic, "A", "{\"id\":\"A\",\"version\":2,\"text\":\"Alpha as first written.\"}");
    kafka.send(
        topic, "A", "{\"id\":\"A\",\"version\":2,\"text\":\"Alpha rewritten, same version.\"}");
    kafka.send(topic, "A", "{\"id\":\"A\",\"version\":3,\"text\":\"Alpha version three.\"}");
    awaitCount("SELECT count(*) FROM records WHERE source = '" + source + "' AND version = 3", 1);

    assertThat(
            db.strings(
                "SELECT stage || ' ' || reason FROM dead_letters WHERE source = '" + source + "'"))
        .singleElement()
        .asString()
        .startsWith("STORE version 2 already stored with different content (stored ");
    List<ConsumerRecord<String, byte[]>> dlq =
        KafkaTestClient.readAll(topic + ".dlq", 1, Duration.ofSeconds(30));
    assertThat(dlq)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(KafkaTestClient.header(r, "tributary.dlq.stage")).isEqualTo("STORE");
              assertThat(KafkaTestClient.header(r, "tributary.dlq.reason")).contains(", incoming ");
              assertThat(KafkaTestClient.header(r, "tributary.dlq.record.id")).isEqualTo("A");
            });
    assertThat(
            db.strings(
                "SELECT text FROM chunks WHERE source = '" + source + "' AND external_id = 'A'"))
        .containsExactly("Alpha version three.");
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'ingest.conflict'"))
        .isEqualTo(1);
  }

  @Test
  void should_list_replay_and_discard_dead_letters_with_audit() throws Exception {
    String source = newSource();
    String topic = "tributary." + source;
    kafka.send(topic, "BAD", "{\"id\":\"BAD\",\"version\":\"x\",\"text\":\"bad version\"}");
    kafka.send(
        topic, "GOOD", "{\"id\":\"GOOD\",\"text\":\"A record that an earlier bug rejected.\"}");
    awaitCount("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'", 1);
    awaitCount("SELECT count(*) FROM records WHERE source = '" + source + "'", 1);
    // Simulate a letter for GOOD left by an earlier fault (say, a template bug since fixed).
    long fixedId =
        db.count(
            "INSERT INTO dead_letters(source, record_id, stage, reason, origin)"
                + " SELECT '"
                + source
                + "', 'GOOD', 'RENDER', 'template failed', jsonb_build_object('transport','kafka',"
                + "'topic', origin_topic, 'partition', origin_partition, 'offset', origin_offset)"
                + " FROM records WHERE source = '"
                + source
                + "' AND external_id = 'GOOD' RETURNING id");
    long badId =
        db.count(
            "SELECT id FROM dead_letters WHERE source = '" + source + "' AND record_id = 'BAD'");

    given()
        .get("/v1/dead-letters?source={s}&limit=10", source)
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("items[0].recordId", equalTo("BAD"))
        .body("items[0].stage", equalTo("SOURCE"));
    given()
        .get("/v1/dead-letters?source={s}&limit=1", source)
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("next", equalTo((int) badId));

    given()
        .post("/v1/dead-letters/{id}/replay", fixedId)
        .then()
        .statusCode(200)
        .body("status", equalTo("unchanged"))
        .body("resolved", equalTo(true));
    given()
        .post("/v1/dead-letters/{id}/replay", badId)
        .then()
        .statusCode(200)
        .body("status", equalTo("rejected"))
        .body("resolved", equalTo(false));
    given()
        .delete("/v1/dead-letters/{id}", badId)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .delete("/v1/dead-letters/{id}?reason=sender fixed upstream", badId)
        .then()
        .statusCode(204);
    given()
        .get("/v1/dead-letters?source={s}", source)
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    given()
        .post("/v1/dead-letters/{id}/replay", badId)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");

    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND action IN ('deadletter.replay', 'deadletter.discard',"
                    + " 'deadletter.list')"))
        .isEqualTo(6);
    assertThat(
            count(
                "SELECT count(*) FROM audit_log WHERE actor = '"
                    + TestKeys.actor()
                    + "' AND action ="
                    + " 'deadletter.discard' AND detail->>'deadLetter' = '"
                    + badId
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void should_refuse_to_replay_an_http_dead_letter() {
    String source = "h-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[{\"id\":\"X\",\"version\":-1,\"text\":\"x\"}]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
    long id = db.count("SELECT id FROM dead_letters WHERE source = '" + source + "'");
    given()
        .post("/v1/dead-letters/{id}/replay", id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }
}
