package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.jobs.Job;
import io.tributary.jobs.JobParams;
import io.tributary.jobs.JobStore;
import io.tributary.jobs.ReindexKind;
import io.tributary.pipeline.ClusterLock;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reindex after a policy change: Kafka records are re-read from their topic and re-processed, HTTP
 * records are reported for a resend; against the real broker and database.
 */
@QuarkusTest
class ReindexIT {

  static KafkaTestClient kafka;
  static final List<String> topics = new java.util.ArrayList<>();
  @Inject Db db;
  @Inject JobStore jobStore;
  @Inject ClusterLock locks;
  @Inject ReindexKind reindex;
  Path policy;

  @BeforeAll
  static void connect() {
    kafka = new KafkaTestClient();
  }

  @AfterAll
  static void close() {
    kafka.close();
    KafkaTestClient.deleteTopics(topics.toArray(String[]::new));
  }

  @AfterEach
  void removePolicy() throws Exception {
    if (policy != null) {
      Files.deleteIfExists(policy);
    }
  }

  @Test
  void should_reprocess_kafka_records_under_a_changed_policy_and_list_http_records_for_resend()
      throws Exception {
    String source = KafkaSources.PREFIX + "-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    topics.add(topic);
    String mine = "source = '" + source + "'";
    kafka.send(
        topic,
        "A",
        "{\"id\":\"A\",\"version\":1,\"text\":\"Write to ops.alpha@example.com about the"
            + " invoice.\"}");
    kafka.send(
        topic,
        "B",
        "{\"id\":\"B\",\"text\":\"Bravo asks ops.bravo@example.com for the contract.\"}");
    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[{\"id\":\"H\",\"text\":\"Sent over HTTP by ops.http@example.com.\"}]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(
                        db.count(
                            "SELECT count(*) FROM records WHERE "
                                + mine
                                + " AND status = 'indexed'"))
                    .isEqualTo(3));
    List<String> before =
        db.strings("SELECT pipeline_version FROM records WHERE " + mine + " ORDER BY external_id");
    long chunksBefore = db.count("SELECT count(*) FROM chunks WHERE " + mine);
    assertThat(db.strings("SELECT text FROM chunks WHERE " + mine + " AND external_id = 'A'"))
        .allMatch(t -> t.contains("[EMAIL]"));

    // The policy changes: e-mail addresses become keyed pseudonyms.
    policy = Path.of("config/sources", source + ".yaml");
    Files.writeString(policy, "entities: {EMAIL: hash}\n");
    int jobId =
        given()
            .post("/v1/sources/{s}/reindex", source)
            .then()
            .statusCode(202)
            .header("Location", containsString("/v1/jobs/"))
            .body("state", org.hamcrest.Matchers.anyOf(equalTo("queued"), equalTo("running")))
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/jobs/{id}", jobId)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("succeeded")));

    given()
        .get("/v1/jobs/{id}", jobId)
        .then()
        .statusCode(200)
        .body("counts.selected", equalTo(3))
        .body("counts.indexed", equalTo(2))
        .body("counts.needsResend", equalTo(1))
        .body("needsResend", equalTo(List.of("H")));
    List<String> after =
        db.strings("SELECT pipeline_version FROM records WHERE " + mine + " ORDER BY external_id");
    assertThat(after.get(0)).isNotEqualTo(before.get(0)); // A
    assertThat(after.get(1)).isNotEqualTo(before.get(1)); // B
    assertThat(after.get(2)).isEqualTo(before.get(2)); // H: not re-processed, still outdated
    assertThat(
            db.strings("SELECT text FROM chunks WHERE " + mine + " AND external_id IN ('A', 'B')"))
        .isNotEmpty()
        .allMatch(
            t -> t.contains("[EMAIL:") && !t.contains("[EMAIL]") && !t.contains("@example.com"));
    assertThat(db.count("SELECT count(*) FROM chunks WHERE " + mine)).isEqualTo(chunksBefore);
    assertThat(
            db.count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE "
                    + mine
                    + " GROUP BY external_id, ordinal HAVING count(*) > 1) d"))
        .isZero();
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE "
                    + mine
                    + " AND actor = 'job:"
                    + jobId
                    + "' AND action = 'ingest.indexed'"))
        .isEqualTo(2);
    assertThat(
            db.strings(
                "SELECT action FROM audit_log WHERE "
                    + mine
                    + " AND action LIKE 'job.%' AND detail->>'job' = '"
                    + jobId
                    + "' ORDER BY id"))
        .containsExactly("job.queued", "job.started", "job.succeeded");

    // A second reindex finds only the record that needs a resend.
    int second =
        given().post("/v1/sources/{s}/reindex", source).then().statusCode(202).extract().path("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> given().get("/v1/jobs/{id}", second).then().body("state", equalTo("succeeded")));
    given()
        .get("/v1/jobs/{id}", second)
        .then()
        .body("counts.selected", equalTo(1))
        .body("counts.needsResend", equalTo(1));
  }

  @Test
  void should_refuse_a_second_reindex_of_a_source_while_one_runs() {
    String source = KafkaSources.PREFIX + "-busy-" + UUID.randomUUID().toString().substring(0, 8);
    Job running =
        jobStore.queue(new JobParams.Reindex(source, false), Job.API, "test", "v").orElseThrow();
    // this test holds the job's lock: no runner claims it
    try (ClusterLock.Held held =
        locks.tryAcquire(ClusterLock.Kind.JOB, Long.toString(running.id())).orElseThrow()) {
      given()
          .post("/v1/sources/{s}/reindex", source)
          .then()
          .statusCode(409)
          .contentType("application/problem+json")
          .body("detail", containsString("/v1/jobs/" + running.id()));
      given()
          .post(
              "/v1/sources/{s}/reindex",
              KafkaSources.PREFIX + "-other-" + UUID.randomUUID().toString().substring(0, 8))
          .then()
          .statusCode(202);
      given()
          .post("/v1/jobs/{id}/cancel", running.id())
          .then()
          .statusCode(202)
          .body("state", equalTo("cancelled"));
    }
  }

  @Test
  void should_resume_a_running_job_whose_instance_stopped_from_its_checkpoint() {
    String source = KafkaSources.PREFIX + "-orphan-" + UUID.randomUUID().toString().substring(0, 8);
    // as if an instance configured as this one had started it, checkpointed once and died (its
    // lock went with it): an instance configured otherwise leaves a job alone (JobsIT)
    String versions = reindex.prepare(new JobParams.Reindex(source, false));
    long orphan =
        db.count(
            "WITH j AS (INSERT INTO jobs(kind, source, status, params, pipeline_version,"
                + " checkpoint, processed, total, started_at, run_started_at) VALUES ('reindex', '"
                + source
                + "', 'running', '{\"type\":\"reindex\",\"source\":\""
                + source
                + "\",\"all\":false}', '"
                + versions
                + "', 'zzz', 7, 7, now(), now()) RETURNING id) SELECT id"
                + " FROM j");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> given().get("/v1/jobs/{id}", orphan).then().body("state", equalTo("succeeded")));
    assertThat(
            db.strings(
                "SELECT action FROM audit_log WHERE detail->>'job' = '"
                    + orphan
                    + "' AND action LIKE 'job.%' ORDER BY id"))
        .containsExactly("job.resumed", "job.succeeded");
  }

  @Test
  void should_answer_problems_for_a_bad_source_and_an_unknown_job() {
    given()
        .post("/v1/sources/{s}/reindex", "Bad Name!")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .get("/v1/jobs/{id}", 999_999_999)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
