package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The adversarial probe's messages, and a generated family of the same shapes, between valid
 * records over Kafka and HTTP. Counted: every valid record stored; every hostile one accounted for
 * exactly once (stored redacted, or dead-lettered with its reason); nothing after a hostile message
 * lost; readiness UP throughout and the consumer RUNNING at the end.
 */
@QuarkusTest
class HostileInputIT {

  @Inject Db db;
  @Inject CountingEmbeddingModel model;

  /** Texts that made patterns recurse once per repetition, and their relatives of other sizes. */
  static List<String> hostileTexts() {
    List<String> out = new ArrayList<>();
    for (int n : new int[] {3_000, 30_000}) {
      out.add("-----BEGIN PRIVATE KEY-----" + "\n".repeat(n));
      out.add("a@" + "a.".repeat(n / 10));
      out.add("x".repeat(10) + "@" + "b-".repeat(n / 10) + ".com");
      out.add("+1 " + "1 ".repeat(n / 10));
      out.add("IBAN DE" + "1 ".repeat(n / 10));
      out.add("Mr " + "Smith ".repeat(n / 20));
      out.add("1." + "1.".repeat(n / 10));
    }
    return out;
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Polls readiness in the background; {@link #sawDown} tells whether it ever answered DOWN. */
  static final class ReadinessWatch implements AutoCloseable {
    final AtomicBoolean sawDown = new AtomicBoolean();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread =
        new Thread(
            () -> {
              while (!stop.get()) {
                int status = given().get("/q/health/ready").statusCode();
                sawDown.compareAndSet(false, status != 200);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });

    ReadinessWatch() {
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  @Test
  void should_store_every_valid_message_and_account_for_every_hostile_one_over_kafka()
      throws Exception {
    String source =
        KafkaSources.PREFIX + "-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    Map<String, String> hostile = new LinkedHashMap<>();
    List<String> texts = hostileTexts();
    for (int i = 0; i < texts.size(); i++) {
      hostile.put("H-" + i, "{\"id\":\"H-" + i + "\",\"text\":" + json(texts.get(i)) + "}");
    }
    hostile.put("H-nul", "{\"id\":\"a\\u0000b\",\"text\":\"x\"}");
    hostile.put("H-newline", "{\"id\":\"a\\nINFO forged\",\"text\":\"x\"}");
    hostile.put(
        "H-deep",
        "{\"id\":\"H-deep\",\"fields\":" + "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500) + "}");
    hostile.put("H-bytes", "\u0000\u0001\uFFFD not json");
    hostile.put("H-array", "[1,2,3]");
    int valid = 0;
    try (KafkaTestClient kafka = new KafkaTestClient();
        ReadinessWatch ready = new ReadinessWatch()) {
      for (Map.Entry<String, String> h : hostile.entrySet()) {
        kafka.send(
            topic,
            "V-" + valid,
            "{\"id\":\"V-" + valid + "\",\"text\":\"Valid record " + valid + ".\"}");
        valid++;
        kafka.send(
            topic,
            h.getKey().equals("H-nul")
                ? "a\u0000b"
                : h.getKey().equals("H-newline") ? "a\nINFO forged" : h.getKey(),
            h.getValue());
      }
      kafka.send(topic, "V-last", "{\"id\":\"V-last\",\"text\":\"The last valid record.\"}");
      int expectedValid = valid + 1;
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  db.count(
                          "SELECT count(*) FROM records WHERE source = '"
                              + source
                              + "' AND external_id LIKE 'V-%'")
                      == expectedValid);
      // Every hostile message is accounted for: stored (redacted) or dead-lettered, never both,
      // never neither.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  db.count(
                              "SELECT count(*) FROM records WHERE source = '"
                                  + source
                                  + "' AND external_id NOT LIKE 'V-%'")
                          + db.count(
                              "SELECT count(*) FROM dead_letters WHERE source = '" + source + "'")
                      == hostile.size());
      assertThat(
              db.count(
                  "SELECT count(*) FROM dead_letters WHERE source = '"
                      + source
                      + "' AND record_id LIKE 'V-%'"))
          .isZero();
      assertThat(
              db.count(
                  "SELECT count(*) FROM records r JOIN dead_letters d ON d.source = r.source"
                      + " AND d.record_id = r.external_id WHERE r.source = '"
                      + source
                      + "'"))
          .isZero();
      assertThat(ready.sawDown).as("readiness went DOWN").isFalse();
    } finally {
      KafkaTestClient.deleteTopics(topic, topic + ".dlq");
    }
    assertThat(JsonPath.from(given().get("/q/health/ready").asString()).getString("status"))
        .isEqualTo("UP");
    // The id with a line break was logged escaped: it started no line of its own.
    assertThat(java.nio.file.Files.readAllLines(java.nio.file.Path.of("target/quarkus-test.log")))
        .noneMatch(line -> line.startsWith("INFO forged"))
        .anyMatch(line -> line.contains("a\\u000aINFO forged"));
  }

  /**
   * An {@link Error} outside one record's processing (here: thrown by the embedding model) kills
   * the consumer's loop: the death is visible (readiness DOWN), the consumer is restarted, and the
   * message is stored after all, from the last committed offset.
   */
  @Test
  void should_restart_a_consumer_that_died_and_lose_nothing() throws Exception {
    String source =
        KafkaSources.PREFIX + "-restart-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    try (KafkaTestClient kafka = new KafkaTestClient();
        ReadinessWatch ready = new ReadinessWatch()) {
      model.beforeNextEmbedding(
          () -> {
            throw new AssertionError("simulated death of the consumer thread");
          });
      kafka.send(
          topic, "R-1", "{\"id\":\"R-1\",\"text\":\"Stored after the consumer's restart.\"}");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  db.count(
                          "SELECT count(*) FROM records WHERE source = '"
                              + source
                              + "' AND status = 'indexed'")
                      == 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> given().get("/q/health/ready").statusCode() == 200);
      assertThat(ready.sawDown).as("readiness reported the dead consumer").isTrue();
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
    assertThat(db.count("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'"))
        .isZero();
  }

  @Test
  void should_answer_every_record_of_an_http_batch_with_hostile_neighbours() {
    String source = "h-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> records = new ArrayList<>();
    List<String> texts = hostileTexts();
    for (int i = 0; i < texts.size(); i++) {
      records.add("{\"id\":\"V-" + i + "\",\"text\":\"Valid record " + i + ".\"}");
      records.add("{\"id\":\"H-" + i + "\",\"text\":" + json(texts.get(i)) + "}");
    }
    records.add("{\"id\":\"a\\u0000b\",\"text\":\"x\"}");
    records.add("{\"id\":\"V-last\",\"text\":\"The last valid record.\"}");

    JsonPath out =
        given()
            .contentType(ContentType.JSON)
            .body("{\"records\":[" + String.join(",", records) + "]}")
            .post("/v1/sources/{s}/records", source)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    List<String> ids = out.getList("results.id");
    List<String> statuses = out.getList("results.status");
    assertThat(ids).hasSize(records.size());
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).startsWith("V-")) {
        assertThat(statuses.get(i)).as(ids.get(i)).isEqualTo("indexed");
      } else {
        assertThat(statuses.get(i)).as(ids.get(i)).isIn("indexed", "rejected");
      }
    }
    assertThat(statuses.get(statuses.size() - 2)).isEqualTo("rejected");
    // The search queries of the same shapes: answered, never a 500.
    for (String t : texts.subList(0, 2)) {
      String query = t.substring(0, Math.min(t.length(), 3_000));
      given()
          .contentType(ContentType.JSON)
          .body("{\"query\":" + json(query) + ",\"topK\":3}")
          .post("/v1/search")
          .then()
          .statusCode(200);
    }
  }
}
