package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding cache: a reindex whose chunk texts did not change asks the model for nothing, and a
 * changed record has only its changed chunks embedded; counted at the model.
 */
@QuarkusTest
@TestProfile(EmbeddingCacheProfile.class)
@org.junit.jupiter.api.Disabled(
    "OPEN (#16 item 4): a second test profile restarts Quarkus in the same JVM, where the"
        + " tokenizer's native library is already loaded (UnsatisfiedLinkError); needs its own"
        + " failsafe fork or the packaged service. Its last run on the helper's branch also failed"
        + " its re-chunk case.")
class EmbeddingCacheIT {

  @Inject CountingEmbeddingModel model;
  @Inject Db db;

  static final List<Path> policies = new java.util.ArrayList<>();
  static final List<String> topics = new java.util.ArrayList<>();

  @AfterAll
  static void cleanUp() throws Exception {
    for (Path p : policies) {
      Files.deleteIfExists(p);
    }
    KafkaTestClient.deleteTopics(topics.toArray(String[]::new));
  }

  @Test
  void should_embed_nothing_when_a_reindex_leaves_the_chunk_texts_unchanged() throws Exception {
    String source = KafkaSources.PREFIX + "-cache-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    topics.add(topic);
    String unique = UUID.randomUUID().toString();
    try (KafkaTestClient kafka = new KafkaTestClient()) {
      kafka.send(topic, "A", "{\"id\":\"A\",\"text\":\"Alpha valve log " + unique + ".\"}");
      kafka.send(topic, "B", "{\"id\":\"B\",\"text\":\"Bravo pump note " + unique + ".\"}");
    }
    String mine = "source = '" + source + "'";
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        db.count(
                            "SELECT count(*) FROM records WHERE "
                                + mine
                                + " AND status = 'indexed'"))
                    .isEqualTo(2));
    long chunks = db.count("SELECT count(*) FROM chunks WHERE " + mine);
    long textsBefore = model.textsEmbedded();

    // A policy change (e-mail addresses hashed) changes the pipeline version, not these texts.
    Path policy = Path.of("config/sources", source + ".yaml");
    policies.add(policy);
    Files.writeString(policy, "entities: {EMAIL: hash}\n");
    int job =
        given().post("/v1/sources/{s}/reindex", source).then().statusCode(202).extract().path("id");
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> given().get("/v1/jobs/{id}", job).then().body("status", equalTo("succeeded")));
    given()
        .get("/v1/jobs/{id}", job)
        .then()
        .body("counts.indexed", equalTo(2))
        .body("counts.vectorsReused", equalTo((int) chunks))
        .body("counts.vectorsComputed", equalTo(0));
    assertThat(model.textsEmbedded()).isEqualTo(textsBefore);
  }

  @Test
  void should_embed_only_the_changed_chunks_of_a_changed_record() {
    String source = Retrieval.newSource("cache");
    String unique = UUID.randomUUID().toString();
    StringBuilder v1 = new StringBuilder();
    for (int p = 0; p < 6; p++) {
      v1.append("Section ").append(p).append(" of report ").append(unique).append(". ");
      for (int s = 0; s < 12; s++) {
        v1.append("The operator checked gauge ")
            .append(p * 100 + s)
            .append(" and found it steady. ");
      }
      v1.append("\n\n");
    }
    String text1 = v1.toString();
    // only the last section changes
    String text2 =
        text1.substring(0, text1.lastIndexOf("Section 5"))
            + text1
                .substring(text1.lastIndexOf("Section 5"))
                .replace("gauge 511", "gauge 511 (recalibrated)");
    ingest(source, 1, text1);
    Set<String> before =
        new HashSet<>(db.strings("SELECT text FROM chunks WHERE source = '" + source + "'"));
    assertThat(before).hasSizeGreaterThan(3);
    long texts = model.textsEmbedded();

    ingest(source, 2, text2);
    List<String> after = db.strings("SELECT text FROM chunks WHERE source = '" + source + "'");
    long changed = after.stream().filter(t -> !before.contains(t)).distinct().count();
    assertThat(changed).isPositive().isLessThan(after.size());
    assertThat(model.textsEmbedded() - texts).isEqualTo(changed);
  }

  private static void ingest(String source, int version, String text) {
    given()
        .contentType(ContentType.JSON)
        .body(
            java.util.Map.of(
                "records",
                List.of(
                    java.util.Map.of(
                        "id", "R", "version", version, "text", text, "acl", List.of("x")))))
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"));
  }
}
