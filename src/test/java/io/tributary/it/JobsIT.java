package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.jobs.Job;
import io.tributary.jobs.JobParams;
import io.tributary.jobs.JobStore;
import io.tributary.pipeline.ClusterLock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /v1/jobs}: the four job types against the real database, with their audit trail. */
@QuarkusTest
class JobsIT {

  @Inject Db db;
  @Inject JobStore store;
  @Inject ClusterLock locks;

  private static final String THREE =
      "{\"id\":\"R1\",\"text\":\"Mail ops.one@example.com about the invoice.\"},"
          + "{\"id\":\"R2\",\"fields\":{\"owner\":\"ops.two@example.com\",\"topic\":\"contract\"}},"
          + "{\"id\":\"R3\",\"text\":\"Call the office about the renewal.\"}";

  private int start(String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/jobs")
        .then()
        .statusCode(202)
        .header("Location", containsString("/v1/jobs/"))
        .extract()
        .path("id");
  }

  private void awaitState(int id, String state) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> given().get("/v1/jobs/{id}", id).then().body("state", equalTo(state)));
  }

  private long update(String sql) {
    return db.count("WITH u AS (" + sql + " RETURNING 1) SELECT count(*) FROM u");
  }

  @Test
  void should_rechunk_and_reembed_http_records_from_their_redacted_form_without_a_resend() {
    String source = Retrieval.newSource("rj");
    String mine = "source = '" + source + "'";
    Retrieval.ingest(source, THREE);
    assertThat(
            db.count(
                "SELECT count(*) FROM records WHERE "
                    + mine
                    + " AND redacted_metadata IS"
                    + " NOT NULL AND policy_version IS NOT NULL"))
        .isEqualTo(3);
    List<String> textsBefore =
        db.strings("SELECT text FROM chunks WHERE " + mine + " ORDER BY external_id, ordinal");
    // as if they had been chunked and embedded by an older chunker or model
    assertThat(update("UPDATE records SET pipeline_version = 'older-chunker' WHERE " + mine))
        .isEqualTo(3);

    int id = start("{\"type\":\"reindex\",\"source\":\"" + source + "\"}");
    awaitState(id, "succeeded");
    given()
        .get("/v1/jobs/{id}", id)
        .then()
        .body("type", equalTo("reindex"))
        .body("params.type", equalTo("reindex"))
        .body("params.source", equalTo(source))
        .body("trigger", equalTo("api"))
        .body("counts.selected", equalTo(3))
        .body("counts.fromRedacted", equalTo(3))
        .body("counts.indexed", equalTo(3))
        .body("counts.needsResend", org.hamcrest.Matchers.nullValue())
        .body("needsResend", equalTo(List.of()))
        .body("progress.processed", equalTo(3))
        .body("progress.total", equalTo(3))
        .body("progress.etaSeconds", org.hamcrest.Matchers.nullValue())
        .body("startedAt", notNullValue())
        .body("finishedAt", notNullValue());
    assertThat(
            db.count(
                "SELECT count(*) FROM records WHERE "
                    + mine
                    + " AND pipeline_version ="
                    + " 'older-chunker'"))
        .isZero();
    assertThat(
            db.strings("SELECT text FROM chunks WHERE " + mine + " ORDER BY external_id, ordinal"))
        .isEqualTo(textsBefore)
        .noneMatch(t -> t.contains("@example.com"));
    // each record re-processed exactly once, by the job
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE "
                    + mine
                    + " AND actor = 'job:"
                    + id
                    + "' AND action = 'ingest.indexed'"))
        .isEqualTo(3);
    assertThat(
            db.strings(
                "SELECT action FROM audit_log WHERE detail->>'job' = '"
                    + id
                    + "' AND action LIKE 'job.%' ORDER BY id"))
        .containsExactly("job.queued", "job.started", "job.succeeded");
  }

  @Test
  void should_reembed_chunks_that_another_model_embedded() {
    String source = Retrieval.newSource("re");
    String mine = "source = '" + source + "'";
    Retrieval.ingest(source, THREE);
    long chunks = db.count("SELECT count(*) FROM chunks WHERE " + mine);
    assertThat(
            update(
                "UPDATE records SET embedding_model = 'old-model' WHERE "
                    + mine
                    + " AND external_id IN ('R1', 'R2')"))
        .isEqualTo(2);
    assertThat(
            update(
                "UPDATE chunks SET embedding = array_fill(0.5,"
                    + " ARRAY[vector_dims(embedding)])::vector WHERE "
                    + mine
                    + " AND external_id IN ('R1', 'R2')"))
        .isPositive();

    int id = start("{\"type\":\"reembed\",\"source\":\"" + source + "\"}");
    awaitState(id, "succeeded");
    given()
        .get("/v1/jobs/{id}", id)
        .then()
        .body("counts.records", equalTo(2))
        .body("progress.total", equalTo(2));
    assertThat(
            db.count(
                "SELECT count(*) FROM records WHERE "
                    + mine
                    + " AND embedding_model ="
                    + " 'old-model'"))
        .isZero();
    // the planted constant vectors are gone: every chunk has its model's vector again
    assertThat(
            db.count(
                "SELECT count(*) FROM chunks WHERE "
                    + mine
                    + " AND embedding = array_fill(0.5, ARRAY[vector_dims(embedding)])::vector"))
        .isZero();
    assertThat(db.count("SELECT count(*) FROM chunks WHERE " + mine)).isEqualTo(chunks);
  }

  @Test
  void should_purge_tombstones_older_than_the_retention_and_vacuum() {
    String source = Retrieval.newSource("pj");
    String mine = "source = '" + source + "'";
    Retrieval.ingest(source, THREE);
    Retrieval.ingest(source, "{\"id\":\"R1\",\"op\":\"delete\"},{\"id\":\"R2\",\"op\":\"delete\"}");
    assertThat(db.count("SELECT count(*) FROM records WHERE " + mine + " AND status = 'deleted'"))
        .isEqualTo(2);
    update(
        "UPDATE records SET updated_at = now() - interval '40 days' WHERE "
            + mine
            + " AND external_id = 'R1'");

    int id = start("{\"type\":\"purge\",\"source\":\"" + source + "\",\"retentionDays\":30}");
    awaitState(id, "succeeded");
    given()
        .get("/v1/jobs/{id}", id)
        .then()
        .body("counts.purged", equalTo(1))
        .body("counts.vacuumedTables", equalTo(4))
        .body("errors", equalTo(List.of()));
    assertThat(
            db.strings(
                "SELECT external_id || ':' || status FROM records WHERE "
                    + mine
                    + " ORDER BY external_id"))
        .containsExactly("R2:deleted", "R3:indexed");
  }

  @Test
  void should_answer_bad_jobs_and_filters_with_problems() {
    for (String bad :
        List.of(
            "{}",
            "[]",
            "{\"type\":\"explode\",\"source\":\"crm\"}",
            "{\"type\":\"reindex\"}",
            "{\"type\":\"reindex\",\"source\":\"Bad Name!\"}",
            "{\"type\":\"purge\",\"retentionDays\":0}",
            "{\"type\":\"reindex\",\"source\":\"crm\",\"all\":\"often\"}",
            "{\"type\":\"sync\",\"source\":\"" + Retrieval.newSource("nodir") + "\"}")) {
      given()
          .contentType(ContentType.JSON)
          .body(bad)
          .post("/v1/jobs")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", notNullValue());
    }
    given().get("/v1/jobs?state=sleeping").then().statusCode(400);
    given().get("/v1/jobs?type=explode").then().statusCode(400);
    given().get("/v1/jobs?size=1000").then().statusCode(400);
    given().post("/v1/jobs/{id}/cancel", 999_999_999).then().statusCode(404);
  }

  @Test
  void should_list_by_state_type_and_source_and_cancel_a_queued_job_once() {
    String source = Retrieval.newSource("lj");
    Job queued =
        store.queue(JobParams.Reembed.inPlace(source, false), Job.API, "test", null).orElseThrow();
    try (ClusterLock.Held held =
        locks.tryAcquire(ClusterLock.Kind.JOB, Long.toString(queued.id())).orElseThrow()) {
      given()
          .get("/v1/jobs?state=queued&type=reembed&source={s}", source)
          .then()
          .statusCode(200)
          .body("total", equalTo(1))
          .body("items[0].id", equalTo((int) queued.id()))
          .body("items[0].progress.processed", equalTo(0));
      given()
          .contentType(ContentType.JSON)
          .body("{\"type\":\"reembed\",\"source\":\"" + source + "\"}")
          .post("/v1/jobs")
          .then()
          .statusCode(409)
          .body("detail", containsString("/v1/jobs/" + queued.id()));
      given()
          .post("/v1/jobs/{id}/cancel", queued.id())
          .then()
          .statusCode(202)
          .body("state", equalTo("cancelled"));
      given().post("/v1/jobs/{id}/cancel", queued.id()).then().statusCode(409);
    }
    given()
        .get("/v1/jobs?state=cancelled&source={s}", source)
        .then()
        .body("items.id", hasItem((int) queued.id()));
    assertThat(
            db.strings(
                "SELECT action FROM audit_log WHERE detail->>'job' = '"
                    + queued.id()
                    + "' AND action LIKE 'job.%' ORDER BY id"))
        .containsExactly("job.cancelled");
  }

  @Test
  void should_leave_a_job_queued_under_another_configuration_to_an_instance_that_fits() {
    String source = Retrieval.newSource("fit");
    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[" + THREE + "]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
    // queued by an instance with another redaction key or template: its versions are not ours
    Job foreign =
        store
            .queue(new JobParams.Reindex(source, true), Job.API, "test", "other-config-version")
            .orElseThrow();
    // several polls of this instance (every 2 s, and one at once after each submit elsewhere)
    await()
        .pollDelay(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/jobs/{id}", foreign.id())
                    .then()
                    .body("state", equalTo("queued"))
                    .body("progress.processed", equalTo(0)));
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE actor = 'job:" + foreign.id() + "'"))
        .isZero();
    given()
        .post("/v1/jobs/{id}/cancel", foreign.id())
        .then()
        .statusCode(202)
        .body("state", equalTo("cancelled"));
  }
}
