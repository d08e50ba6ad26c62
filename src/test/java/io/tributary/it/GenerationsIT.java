package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A re-embed with another model as a generation: search runs without pause through the build, the
 * switch and the rollback, and every answer comes from exactly one generation; against the real
 * database and models.
 */
@QuarkusTest
@TestProfile(EmbeddingCacheProfile.class)
@org.junit.jupiter.api.Tag("own-jvm") // its test profile restarts Quarkus: see pom.xml, failsafe
class GenerationsIT {

  static final String QUANTIZED = "in-process/all-minilm-l6-v2-q";
  static final String FP32 = "in-process/all-minilm-l6-v2";
  static final String QUERY = "how do I reset the pump controller after a power failure";

  @Inject Db db;

  /** One search as the searcher saw it. */
  record Answer(
      int status, String mode, Integer generation, List<String> chunkIds, List<Double> scores) {}

  @Test
  void should_serve_every_search_through_a_reembed_job_its_switch_and_a_rollback()
      throws Exception {
    int old = fp32Serving();
    String source = Retrieval.newSource("gen");
    List<String> records = new ArrayList<>();
    String[] topics = {
      "pump controller reset after a power failure",
      "invoice disputes and refunds",
      "firmware update of the pump controller",
      "warehouse shipping delays",
      "password reset for the customer portal",
      "power supply replacement in the field",
      "calibration of flow sensors",
      "contract renewal terms",
      "alarm codes of the controller",
      "spare parts ordering",
      "night shift handover notes",
      "safety inspection checklist"
    };
    for (int i = 0; i < topics.length; i++) {
      records.add(
          "{\"id\":\"R"
              + i
              + "\",\"text\":\"Note about "
              + topics[i]
              + ". The team wrote it down for the next shift.\",\"acl\":[\"gen-it\"]}");
    }
    Retrieval.ingest(source, String.join(",", records));

    List<Answer> answers = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread searcher =
        new Thread(
            () -> {
              int n = 0;
              while (!stop.get()) {
                String mode = n++ % 3 == 2 ? "hybrid" : "vector";
                Response r =
                    Retrieval.search(
                        "gen-it",
                        "{\"query\":\""
                            + QUERY
                            + "\",\"mode\":\""
                            + mode
                            + "\",\"topK\":5,\"filter\":{\"source\":\""
                            + source
                            + "\"}}");
                JsonPath json = r.jsonPath();
                answers.add(
                    r.statusCode() == 200
                        ? new Answer(
                            200,
                            mode,
                            json.get("generation"),
                            json.getList("results.chunkId"),
                            json.getList("results.score", Double.class))
                        : new Answer(r.statusCode(), mode, null, List.of(), List.of()));
              }
            },
            "searcher");
    searcher.start();
    try {
      // The model change as a job: a new generation built beside the serving one, then the switch.
      int job =
          given()
              .contentType(ContentType.JSON)
              .body("{\"type\":\"reembed\",\"model\":\"all-minilm-l6-v2-q\"}")
              .post("/v1/jobs")
              .then()
              .statusCode(202)
              .body("params.model", equalTo("all-minilm-l6-v2-q"))
              .extract()
              .path("id");
      await()
          .atMost(Duration.ofMinutes(15))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> given().get("/v1/jobs/{id}", job).then().body("state", equalTo("succeeded")));
      JsonPath report = given().get("/v1/jobs/{id}", job).jsonPath();
      int built = report.getInt("counts.generation");
      assertThat(built).isNotEqualTo(old);
      int beforeSwitch =
          (int)
              answers.stream()
                  .takeWhile(a -> a.generation() == null || a.generation() == old)
                  .count();
      given()
          .get("/v1/generations/{id}", built)
          .then()
          .statusCode(200)
          .body("modelId", equalTo(QUANTIZED))
          .body("state", equalTo("active"))
          .body("serving", equalTo(true));
      given().get("/v1/generations/{id}", old).then().body("state", equalTo("retired"));
      long vectors =
          report.getLong("counts.vectorsReused") + report.getLong("counts.vectorsComputed");
      assertThat(vectors)
          .isGreaterThanOrEqualTo(
              db.count("SELECT count(*) FROM chunks WHERE source = '" + source + "'"));
      assertThat(report.getLong("counts.chunks")).isEqualTo(vectors);

      awaitAnswersFrom(answers, built, beforeSwitch, 3);
      int beforeRollback = answers.size();
      given()
          .post("/v1/generations/rollback")
          .then()
          .statusCode(200)
          .body("id", equalTo(old))
          .body("serving", equalTo(true));
      awaitAnswersFrom(answers, old, beforeRollback, 3);
      stop.set(true);
      searcher.join();

      // No error, no empty answer, and the generations in order: old ... new ... old.
      assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
      assertThat(answers).allSatisfy(a -> assertThat(a.chunkIds()).isNotEmpty());
      List<Integer> sequence = new ArrayList<>();
      for (Answer a : answers) {
        if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(a.generation())) {
          sequence.add(a.generation());
        }
      }
      assertThat(sequence).containsExactly(old, built, old);
      // Never a mix: every score of a vector answer is the cosine between that generation's
      // model's query vector and that generation's vector of the chunk.
      Map<Integer, float[]> queryVectors =
          Map.of(
              old,
              embed(new AllMiniLmL6V2EmbeddingModel()),
              built,
              embed(new AllMiniLmL6V2QuantizedEmbeddingModel()));
      int checked = 0;
      for (Answer a : answers) {
        if (!a.mode().equals("vector")) {
          continue;
        }
        for (int i = 0; i < a.chunkIds().size(); i++) {
          double expected =
              cosine(a.generation(), a.chunkIds().get(i), queryVectors.get(a.generation()));
          assertThat(a.scores().get(i))
              .as("answer from generation %d", a.generation())
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-3));
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(20);
      // the two models really differ on these chunks, so the check above can tell them apart
      String chunk = answers.get(answers.size() - 1).chunkIds().get(0);
      assertThat(
              Math.abs(
                  cosine(old, chunk, queryVectors.get(old))
                      - cosine(built, chunk, queryVectors.get(built))))
          .isGreaterThan(1e-3);

      assertThat(
              db.strings(
                  "SELECT action FROM audit_log WHERE action LIKE 'generation.%' AND"
                      + " detail->>'generation' IN ('"
                      + old
                      + "', '"
                      + built
                      + "') AND at > now() - interval '15 minutes' ORDER BY id"))
          .containsSubsequence("generation.build", "generation.activate", "generation.rollback");
      assertThat(
              db.strings(
                  "SELECT actor FROM audit_log WHERE action = 'generation.activate' AND"
                      + " detail->>'generation' = '"
                      + built
                      + "' ORDER BY id DESC LIMIT 1"))
          .containsExactly("job:" + job);

      // The kept generation is dropped on demand (as after its grace period): its table is gone.
      given().delete("/v1/generations/{id}", built).then().statusCode(204);
      given().get("/v1/generations/{id}", built).then().body("state", equalTo("dropped"));
      assertThat(
              db.strings(
                  "SELECT coalesce(to_regclass('chunk_vectors_" + built + "')::text, 'gone')"))
          .containsExactly("gone");
      given().post("/v1/generations/{id}/activate", built).then().statusCode(409);
      given().delete("/v1/generations/{id}", old).then().statusCode(409);
    } finally {
      stop.set(true);
      searcher.join();
      fp32Serving(); // a failure above must not leave another generation serving the next tests
    }
  }

  @Test
  void should_refuse_an_unknown_model_and_a_second_live_generation_of_a_model() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\":\"no-such-model\"}")
        .post("/v1/generations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.JSON)
        .body("{\"model\":\"" + FP32 + "\"}")
        .post("/v1/generations")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    // the same through a reembed job: refused when it is queued
    for (String body :
        List.of(
            "{\"type\":\"reembed\",\"model\":\"no-such-model\"}",
            "{\"type\":\"reembed\",\"model\":\"all-minilm-l6-v2-q\",\"source\":\"crm\"}")) {
      given()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/v1/jobs")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    TestKeys.givenRoles(io.tributary.api.Roles.SEARCH)
        .get("/v1/generations")
        .then()
        .statusCode(403);
  }

  @Test
  void should_refuse_to_start_with_a_model_whose_generation_is_not_built() throws Exception {
    assertThatThrownBy(
            () ->
                ServiceProcess.start(
                    "unbuilt-model",
                    Map.of(
                        "TRIBUTARY_EMBEDDING_MODEL",
                        "bge-small-en-v1.5-q",
                        "TRIBUTARY_KAFKA_ENABLED",
                        "false")))
        .hasMessageContaining("exited at start");
    String log =
        Files.readString(java.nio.file.Path.of("target", "fault-logs", "unbuilt-model.log"));
    assertThat(log)
        .contains(
            "the configured embedding model in-process/bge-small-en-v1.5-q has no built"
                + " generation");
  }

  private void awaitAnswersFrom(List<Answer> answers, int generation, int from, int n) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                answers.subList(from, answers.size()).stream()
                        .filter(a -> a.generation() != null && a.generation() == generation)
                        .count()
                    >= n);
  }

  /**
   * Makes the fp32 model's generation (the test profile's model) serve and drops every other live
   * one, whatever an earlier run left; returns its id. Never drops the fp32 one: that would drop
   * the vectors every other test searches.
   */
  private int fp32Serving() {
    List<Map<String, Object>> gens =
        given().get("/v1/generations").then().statusCode(200).extract().jsonPath().getList("$");
    int fp32 =
        gens.stream()
            .filter(g -> FP32.equals(g.get("modelId")))
            .filter(g -> !List.of("dropped", "failed").contains(g.get("state")))
            .map(g -> (Integer) g.get("id"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no live generation of " + FP32));
    given().post("/v1/generations/{id}/activate", fp32).then().statusCode(200);
    for (Map<String, Object> g : gens) {
      String state = (String) g.get("state");
      if ((Integer) g.get("id") != fp32 && !List.of("dropped", "failed").contains(state)) {
        given().delete("/v1/generations/{id}", g.get("id")).then().statusCode(204);
      }
    }
    return fp32;
  }

  private String modelOf(int id) {
    return given().get("/v1/generations/{id}", id).jsonPath().getString("modelId");
  }

  private static float[] embed(EmbeddingModel model) {
    return model.embed(QUERY).content().vector();
  }

  private double cosine(int generation, String chunkId, float[] query) {
    String vector = "'" + Arrays.toString(query).replace(" ", "") + "'::vector";
    String sql =
        generation == 1
            ? "SELECT 1 - (embedding <=> " + vector + ") FROM chunks WHERE id = '" + chunkId + "'"
            : "SELECT 1 - (embedding <=> "
                + vector
                + ") FROM chunk_vectors_"
                + generation
                + " WHERE chunk_id = '"
                + chunkId
                + "'";
    return Double.parseDouble(db.strings(sql).get(0));
  }
}
