package io.tributary.it;

import static io.tributary.it.Retrieval.ingest;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.api.Roles;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditChainIT {

  @Inject Db db;

  @Test
  void should_audit_each_search_with_principals_redacted_query_versions_and_latency() {
    String source = Retrieval.newSource("au");
    ingest(
        source,
        "{\"id\":\"V-1\",\"version\":7,\"text\":\"Quarterly audit of the"
            + " ledger.\",\"acl\":[\"fin\"]}");
    String chunkId =
        (String)
            Retrieval.hits(
                    "fin",
                    "{\"query\":\"ledger audit for SSN 123-45-6789\",\"topK\":3,\"filter\":"
                        + "{\"source\":\""
                        + source
                        + "\",\"metadata.owner\":[\"x\",\"jane.doe@example.com\"]}}")
                .stream()
                .findFirst()
                .map(h -> h.get("chunkId"))
                .orElse(null);
    assertThat(chunkId).isNull(); // nothing has metadata.owner; the call is audited all the same
    List<Map<String, Object>> hits =
        Retrieval.hits(
            "fin",
            "{\"query\":\"ledger audit for SSN 123-45-6789\",\"topK\":3,\"filter\":{\"source\":\""
                + source
                + "\"}}");
    assertThat(hits).hasSize(1);

    TestKeys.givenRoles(Roles.SEARCH)
        .get("/v1/audit?action=search&limit=2")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Forbidden"));
    TestKeys.givenRoles(Roles.SEARCH).get("/v1/audit/verify").then().statusCode(403);
    var page =
        given()
            .headers(TestKeys.as("auditor"))
            .get("/v1/audit?action=search&actor=" + TestKeys.actorFor("it-retrieval") + "&limit=2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page.getString("entries[0].detail.query"))
        .doesNotContain("123-45-6789")
        .contains("ledger audit");
    assertThat(page.getList("entries[0].detail.principals"))
        .containsExactlyInAnyOrder("it-retrieval", "fin");
    assertThat(page.getString("entries[0].detail.results[0].chunkId"))
        .isEqualTo(hits.get(0).get("chunkId"));
    assertThat(page.getInt("entries[0].detail.results[0].recordVersion")).isEqualTo(7);
    assertThat(page.getDouble("entries[0].detail.latencyMs")).isPositive();
    assertThat(page.getString("entries[1].detail.filter[1].values[1]"))
        .doesNotContain("jane.doe@example.com");
    assertThat(page.getLong("next")).isEqualTo(page.getLong("entries[1].id"));
    // Paging from the first entry finds the second (this test's own, so it holds on an empty log).
    var older =
        given()
            .headers(TestKeys.as("auditor"))
            .get("/v1/audit?action=search&limit=1&before=" + page.getLong("entries[0].id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(older.getLong("entries[0].id")).isEqualTo(page.getLong("entries[1].id"));
    given().headers(TestKeys.as("auditor")).get("/v1/audit?from=yesterday").then().statusCode(400);
  }

  @Test
  void should_keep_one_chain_under_concurrent_appends_and_verify_it() throws Exception {
    String source = Retrieval.newSource("auc");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int n = t;
        done.add(
            pool.submit(
                () ->
                    ingest(
                        source,
                        "{\"id\":\"C-"
                            + n
                            + "\",\"text\":\"Concurrent note "
                            + n
                            + ".\","
                            + "\"acl\":[\"x\"]}")));
        done.add(
            pool.submit(
                () -> Retrieval.hits("x", "{\"query\":\"concurrent note\",\"mode\":\"keyword\"}")));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    given().get("/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    assertThat(db.count("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_log")).isZero();
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND key_id = 'test1' AND mac ~ '^[0-9a-f]{64}$'"))
        .as("every entry signed with the active key")
        .isEqualTo(8);
  }

  @Test
  void should_verify_in_full_on_request_and_resume_from_the_checkpoint_otherwise() {
    ingest(Retrieval.newSource("auv"), "{\"id\":\"V-1\",\"text\":\"Verified.\",\"acl\":[\"x\"]}");
    var full =
        given()
            .get("/v1/audit/verify?full=true")
            .then()
            .statusCode(200)
            .body("ok", equalTo(true))
            .body("start", equalTo("FULL_REQUESTED"))
            .extract()
            .jsonPath();
    long head = full.getLong("headSeq");
    assertThat(full.getLong("entries")).isEqualTo(head);
    assertThat(full.getString("headMac")).matches("[0-9a-f]{64}");

    ingest(Retrieval.newSource("auv"), "{\"id\":\"V-2\",\"text\":\"Later.\",\"acl\":[\"x\"]}");
    var resumed =
        given()
            .get("/v1/audit/verify")
            .then()
            .statusCode(200)
            .body("ok", equalTo(true))
            .body("start", equalTo("CHECKPOINT"))
            .extract()
            .jsonPath();
    assertThat(resumed.getLong("resumedAfterSeq")).isEqualTo(head);
    assertThat(resumed.getLong("entries"))
        .as("only the entries written since the checkpoint")
        .isEqualTo(resumed.getLong("headSeq") - head)
        .isPositive();
  }
}
