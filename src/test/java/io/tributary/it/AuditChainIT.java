package io.tributary.it;

import static io.tributary.it.Retrieval.ingest;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.api.Roles;
import io.tributary.audit.AuditTrail;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditChainIT {

  @Inject AuditTrail trail;
  @Inject DataSource dataSource;
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
    long next = page.getLong("next");
    var older =
        given()
            .headers(TestKeys.as("auditor"))
            .get("/v1/audit?action=search&limit=1&before=" + next)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(older.getLong("entries[0].id")).isLessThan(next);
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
  }

  @Test
  void should_detect_an_edited_or_deleted_entry() throws Exception {
    String source = Retrieval.newSource("aut");
    ingest(source, "{\"id\":\"T-1\",\"text\":\"First.\",\"acl\":[\"x\"]}");
    ingest(source, "{\"id\":\"T-2\",\"text\":\"Second.\",\"acl\":[\"x\"]}");
    ingest(source, "{\"id\":\"T-3\",\"text\":\"Third.\",\"acl\":[\"x\"]}");
    long seq =
        db.count(
            "SELECT chain_seq FROM audit_log WHERE source = '"
                + source
                + "' AND record_id = 'T-2'");
    assertThat(trail.verify().ok()).isTrue();

    // Each tampering happens in a transaction that is rolled back, holding the table lock
    // meanwhile,
    // so other tests never see a broken chain.
    assertThat(
            tampered(
                "UPDATE audit_log SET detail = detail || '{\"status\":\"rejected\"}' WHERE"
                    + " chain_seq = "
                    + seq))
        .satisfies(
            v -> {
              assertThat(v.ok()).isFalse();
              assertThat(v.firstBadSeq()).isEqualTo(seq);
              assertThat(v.reason()).contains("changed");
            });
    assertThat(
            tampered("UPDATE audit_log SET at = at - interval '1 day' WHERE chain_seq = " + seq)
                .firstBadSeq())
        .isEqualTo(seq);
    assertThat(
            tampered("UPDATE audit_log SET actor = 'someone-else' WHERE chain_seq = " + seq).ok())
        .isFalse();
    assertThat(tampered("DELETE FROM audit_log WHERE chain_seq = " + seq))
        .satisfies(
            v -> {
              assertThat(v.ok()).isFalse();
              assertThat(v.firstBadSeq()).isEqualTo(seq);
              assertThat(v.reason()).contains("missing");
            });
    assertThat(
            tampered(
                "DELETE FROM audit_log WHERE chain_seq = (SELECT max(chain_seq) FROM audit_log)"))
        .satisfies(
            v -> {
              assertThat(v.ok()).isFalse();
              assertThat(v.reason()).contains("missing");
            });
    // A forged replacement row that re-hashes itself still breaks its successor's link.
    assertThat(
            tampered(
                "UPDATE audit_log SET detail = '{}'::jsonb, hash = audit_chain_hash(prev_hash,"
                    + " audit_canonical(chain_seq, at, actor, action, source, record_id,"
                    + " '{}'::jsonb)) WHERE chain_seq = "
                    + seq))
        .satisfies(v -> assertThat(v.firstBadSeq()).isEqualTo(seq + 1));

    given().get("/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    // Without disabling the guard, the database refuses edits outright.
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> s.executeUpdate("UPDATE audit_log SET actor = 'x' WHERE chain_seq = " + seq))
          .hasMessageContaining("append-only");
    }
  }

  private AuditTrail.Verdict tampered(String sql) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
        s.execute(sql);
        s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        return trail.verify(c);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }
}
