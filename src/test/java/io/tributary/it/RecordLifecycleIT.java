package io.tributary.it;

import static io.tributary.it.IngestAndSearchIT.newSource;
import static io.tributary.it.IngestAndSearchIT.post;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Updates, deletes, stale versions and poison records against the real PostgreSQL/pgvector. */
@QuarkusTest
class RecordLifecycleIT {

  @Inject Db db;
  @Inject CountingEmbeddingModel model;

  private static String longText(String topic, int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("Sentence ")
          .append(i)
          .append(" explains how the ")
          .append(topic)
          .append(" workflow handles escalation number ")
          .append(i)
          .append(" for the customer. ");
    }
    return sb.toString();
  }

  private long chunks(String source, String id) {
    return db.count(
        "SELECT count(*) FROM chunks WHERE source = '"
            + source
            + "' AND external_id = '"
            + id
            + "'");
  }

  @Test
  void should_replace_all_chunks_and_leave_no_orphans_when_record_shrinks() {
    String source = newSource();
    int before =
        post(
                source,
                "{\"records\":[{\"id\":\"R-1\",\"version\":1,\"text\":\""
                    + longText("billing", 40)
                    + "\"}]}")
            .then()
            .statusCode(200)
            .body("results[0].status", equalTo("indexed"))
            .extract()
            .path("results[0].chunks");
    assertThat(before).isGreaterThan(3);
    assertThat(chunks(source, "R-1")).isEqualTo(before);
    List<String> oldIds = db.strings("SELECT id::text FROM chunks WHERE source = '" + source + "'");

    post(
            source,
            "{\"records\":[{\"id\":\"R-1\",\"version\":2,\"text\":\"A short replacement text.\"}]}")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"))
        .body("results[0].chunks", equalTo(1));

    assertThat(chunks(source, "R-1")).isEqualTo(1);
    assertThat(db.strings("SELECT id::text FROM chunks WHERE source = '" + source + "'"))
        .doesNotContainAnyElementsOf(oldIds);
    assertThat(
            db.count(
                "SELECT count(*) FROM chunks c WHERE c.source = '"
                    + source
                    + "' AND (c.provenance->>'recordVersion')::bigint <> 2"))
        .isZero();
  }

  @Test
  void should_remove_chunks_on_delete_and_report_deleted() {
    String source = newSource();
    post(
            source,
            "{\"records\":[{\"id\":\"D-1\",\"version\":1,\"text\":\"To be deleted soon.\"},"
                + "{\"id\":\"D-2\",\"version\":1,\"text\":\"Stays.\"}]}")
        .then()
        .statusCode(200);
    post(source, "{\"records\":[{\"id\":\"D-1\",\"version\":2,\"op\":\"delete\"}]}")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("deleted"))
        .body("results[0].chunks", equalTo(0));

    assertThat(chunks(source, "D-1")).isZero();
    assertThat(chunks(source, "D-2")).isEqualTo(1);
    given()
        .get("/v1/sources/{s}/records/{id}", source, "D-1")
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"))
        .body("chunks", hasSize(0));
    // A late upsert older than the delete must not resurrect the record.
    post(source, "{\"records\":[{\"id\":\"D-1\",\"version\":1,\"text\":\"Resurrected?\"}]}")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("stale"));
    assertThat(chunks(source, "D-1")).isZero();
  }

  @Test
  void should_ignore_an_older_version_as_stale_and_not_embed_it() {
    String source = newSource();
    post(
            source,
            "{\"records\":[{\"id\":\"S-1\",\"version\":5,\"text\":\"Version five is current.\","
                + "\"acl\":[\"staff\"]}]}")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"));
    long embedded = model.textsEmbedded();

    post(
            source,
            "{\"records\":[{\"id\":\"S-1\",\"version\":4,\"text\":\"Version four arrives"
                + " late.\"}]}")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("stale"))
        .body("results[0].error", nullValue());

    assertThat(model.textsEmbedded()).isEqualTo(embedded);
    given()
        .headers(TestKeys.as("staff"))
        .get("/v1/sources/{s}/records/{id}", source, "S-1")
        .then()
        .statusCode(200)
        .body("version", equalTo(5))
        .body("chunks[0].text", equalTo("Version five is current."));
    // Without a principal the ACL admits, the record's facts show, its text does not.
    given()
        .get("/v1/sources/{s}/records/{id}", source, "S-1")
        .then()
        .statusCode(200)
        .body("version", equalTo(5))
        .body("chunkCount", equalTo(1))
        .body("chunksVisible", equalTo(false))
        .body("chunks", hasSize(0));
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND record_id = 'S-1' AND action = 'ingest.stale'"))
        .isEqualTo(1);
  }

  @Test
  void should_reject_and_dead_letter_a_poison_record_without_failing_its_neighbours() {
    String source = newSource();
    post(
            source,
            """
            {"records":[
              {"id":"P-1","text":"First good record."},
              {"id":"P-2","version":"three","text":"Version is not a number; SSN 123-45-6789."},
              {"text":"No id at all."},
              42,
              {"id":"P-5","fields":{},"text":"   "},
              {"id":"P-6","feilds":{"typo":"x"}},
              {"id":"P-7","text":"Last good record."}
            ]}\
            """)
        .then()
        .statusCode(200)
        .body("results", hasSize(7))
        .body(
            "results.status",
            equalTo(
                List.of(
                    "indexed",
                    "rejected",
                    "rejected",
                    "rejected",
                    "rejected",
                    "rejected",
                    "indexed")))
        .body("results[1].id", equalTo("P-2"))
        .body("results[1].error", equalTo("version must be a non-negative integer"))
        .body("results[2].id", nullValue())
        .body("results[5].error", notNullValue());

    assertThat(chunks(source, "P-1")).isEqualTo(1);
    assertThat(chunks(source, "P-7")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'"))
        .isEqualTo(5);
    assertThat(
            db.count(
                "SELECT count(*) FROM dead_letters WHERE source = '"
                    + source
                    + "' AND record_id = 'P-2' AND stage = 'SOURCE' AND reason LIKE 'version%'"))
        .isEqualTo(1);
    // The preview is redacted: the SSN in the poison record never reaches the dead-letter table.
    assertThat(db.count("SELECT count(*) FROM dead_letters WHERE preview LIKE '%123-45-6789%'"))
        .isZero();
    assertThat(
            db.count(
                "SELECT count(*) FROM dead_letters WHERE source = '"
                    + source
                    + "' AND preview LIKE '%[US_SSN]%'"))
        .isEqualTo(1);
  }

  @Test
  void should_answer_400_problem_json_when_body_is_not_json() {
    given()
        .contentType(ContentType.JSON)
        .body("this is { not json")
        .post("/v1/sources/{s}/records", newSource())
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("title", equalTo("Malformed JSON"))
        .body("detail", notNullValue());
    given()
        .contentType(ContentType.JSON)
        .body("{\"rows\":[]}")
        .post("/v1/sources/{s}/records", newSource())
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Invalid batch"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[]}")
        .post("/v1/sources/{s}/records", "Bad Source!")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void should_answer_404_problem_json_for_a_record_never_seen() {
    given()
        .get("/v1/sources/{s}/records/{id}", newSource(), "nope")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  @Test
  void should_answer_400_problem_json_for_a_bad_search() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"query\":\"\"}")
        .post("/v1/search")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\",\"topK\":0}")
        .post("/v1/search")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .contentType(ContentType.JSON)
        .body("not json")
        .post("/v1/search")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void should_report_ready_when_the_database_is_reachable() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }
}
