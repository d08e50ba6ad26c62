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
@org.junit.jupiter.api.Tag("own-jvm") // its test profile restarts Quarkus: see pom.xml, failsafe
class EmbeddingCacheIT {

  /** The test profile's model (CountingEmbeddingModel). */
  static final String FP32 = "in-process/all-minilm-l6-v2";

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
            () -> given().get("/v1/jobs/{id}", job).then().body("state", equalTo("succeeded")));
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
    // Every sentence names this run: the cache outlives test runs, and a chunk text of an earlier
    // run (a section's later sentences, without the report's id) would come from it, not the model.
    String run = unique.substring(0, 8);
    StringBuilder v1 = new StringBuilder();
    for (int p = 0; p < 6; p++) {
      v1.append("Section ").append(p).append(" of report ").append(unique).append(". ");
      for (int s = 0; s < 12; s++) {
        v1.append("The operator checked gauge ")
            .append(p * 100 + s)
            .append(" of site ")
            .append(run)
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
                .replace("gauge 511 of", "gauge 511 (recalibrated) of");
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

  @Test
  void should_evict_the_entries_no_live_chunk_uses_when_a_purge_runs() {
    String source = Retrieval.newSource("evict");
    String unique = UUID.randomUUID().toString();
    String mine = "FROM chunks WHERE source = '" + source + "'";
    String hashes = "SELECT DISTINCT encode(sha256(convert_to(text, 'UTF8')), 'hex') " + mine;
    ingest(source, 1, "The valve log of shift one, " + unique + ", reads steady.");
    List<String> old = db.strings(hashes);
    assertThat(old).isNotEmpty();
    assertThat(cached(old)).isGreaterThanOrEqualTo(old.size());
    ingest(source, 2, "The pump note of shift two, " + unique + ", reads noisy.");
    List<String> live = db.strings(hashes);
    assertThat(live).doesNotContainAnyElementsOf(old);
    // the configured model's entries (a generation of another model, caught up meanwhile, adds its
    // own entries for these texts at any time)
    assertThat(cached(live, FP32)).isEqualTo(live.size());
    // entries of a model that has no generation (one dropped long ago), for texts still live
    String gone = "in-process/gone-" + unique;
    assertThat(
            db.count(
                "WITH u AS (INSERT INTO embedding_cache(model_id, text_sha256, embedding) SELECT '"
                    + gone
                    + "', decode(h, 'hex'), '[1,2,3]' FROM unnest(ARRAY['"
                    + String.join("','", live)
                    + "']) AS h RETURNING 1) SELECT count(*) FROM u"))
        .isEqualTo(live.size());

    int job =
        given()
            .contentType(ContentType.JSON)
            .body("{\"type\":\"purge\",\"source\":\"" + source + "\"}")
            .post("/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> given().get("/v1/jobs/{id}", job).then().body("state", equalTo("succeeded")));
    long evicted = given().get("/v1/jobs/{id}", job).jsonPath().getLong("counts.cacheEvicted");
    assertThat(evicted).isGreaterThanOrEqualTo(old.size() + live.size());
    assertThat(cached(old)).isZero();
    assertThat(db.count("SELECT count(*) FROM embedding_cache WHERE model_id = '" + gone + "'"))
        .isZero();
    // what live chunks use stays: the configured model's vectors of the current texts
    assertThat(cached(live, FP32)).isEqualTo(live.size());
  }

  /** Cache entries (any model) of these text hashes. */
  private long cached(List<String> hexHashes) {
    return cached(hexHashes, "%");
  }

  /** Cache entries of these text hashes of the models matching a LIKE pattern. */
  private long cached(List<String> hexHashes, String model) {
    return db.count(
        "SELECT count(*) FROM embedding_cache WHERE model_id LIKE '"
            + model
            + "' AND encode(text_sha256, 'hex') IN ('"
            + String.join("','", hexHashes)
            + "')");
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
