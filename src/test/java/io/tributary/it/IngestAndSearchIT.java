package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestAndSearchIT {

  @Inject CountingEmbeddingModel model;
  @Inject Db db;

  static String newSource() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Response post(String source, String body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/sources/{s}/records", source);
  }

  @Test
  void should_index_a_record_and_find_it_with_provenance() {
    String source = newSource();
    post(
            source,
            """
            {"records":[{"id":"C-1","version":3,"fields":{"name":"Ada Lovelace","company":"Analytical Engines Ltd"},
              "text":"Ada asked about the renewal of the steam-powered difference engine support contract.",
              "acl":["sales"],"metadata":{"region":"emea"}}]}\
            """)
        .then()
        .statusCode(200)
        .body("results", hasSize(1))
        .body("results[0].id", equalTo("C-1"))
        .body("results[0].status", equalTo("indexed"))
        .body("results[0].chunks", equalTo(1))
        .body("results[0].error", nullValue());

    List<Map<String, Object>> results =
        given()
            .contentType(ContentType.JSON)
            .headers(TestKeys.as("sales"))
            .body(
                "{\"query\":\"difference engine support contract"
                    + " renewal\",\"topK\":50,\"mode\":\"vector\"}")
            .post("/v1/search")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("results");
    Map<String, Object> hit =
        results.stream()
            .filter(r -> source.equals(((Map<?, ?>) r.get("provenance")).get("source")))
            .findFirst()
            .orElseThrow();
    Map<?, ?> provenance = (Map<?, ?>) hit.get("provenance");
    assertThat(provenance.get("recordId")).isEqualTo("C-1");
    assertThat(((Number) provenance.get("recordVersion")).longValue()).isEqualTo(3L);
    assertThat(provenance.get("chunkOrdinal")).isEqualTo(0);
    assertThat((String) provenance.get("contentHash")).hasSize(64);
    assertThat(provenance.get("embeddingModel")).isEqualTo("in-process/all-minilm-l6-v2");
    assertThat(provenance.get("ingestedAt")).isNotNull();
    assertThat((Double) ((Number) hit.get("score")).doubleValue()).isGreaterThan(0.3);
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE action = 'search' AND actor = '"
                    + TestKeys.actorFor(TestKeys.USER)
                    + "'"
                    + " AND detail->'chunkIds' ? '"
                    + hit.get("chunkId")
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void should_skip_reembedding_when_record_unchanged() {
    String source = newSource();
    String body =
        """
        {"records":[{"id":"U-1","fields":{"name":"Grace"},"text":"Grace reported a moth in relay 70."}]}\
        """;
    post(source, body).then().statusCode(200).body("results[0].status", equalTo("indexed"));
    long before = model.textsEmbedded();
    post(source, body)
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("unchanged"))
        .body("results[0].chunks", equalTo(1));
    assertThat(model.textsEmbedded()).isEqualTo(before);
    assertThat(db.count("SELECT count(*) FROM chunks WHERE source = '" + source + "'"))
        .isEqualTo(1);
  }

  @Test
  void should_audit_a_resent_unchanged_batch_as_one_entry_that_each_history_shows() {
    String source = newSource();
    String body =
        """
        {"records":[{"id":"B-1","version":1,"acl":["ops"],"text":"The relay in bay one clicks."},\
        {"id":"B-2","version":1,"acl":["ops"],"text":"The relay in bay two hums."},\
        {"id":"B-3","version":1,"acl":["ops"],"text":"The relay in bay three is quiet."}]}\
        """;
    post(source, body).then().statusCode(200).body("results.status", everyItem(equalTo("indexed")));
    String updated = "SELECT max(updated_at)::text FROM records WHERE source = '" + source + "'";
    String before = db.strings(updated).get(0);

    post(source, body)
        .then()
        .statusCode(200)
        .body("results.status", equalTo(List.of("unchanged", "unchanged", "unchanged")));

    // one entry names the three deliveries; nothing of the records was rewritten
    String unchanged =
        " FROM audit_log WHERE source = '" + source + "' AND action = 'ingest.unchanged'";
    assertThat(db.count("SELECT count(*)" + unchanged)).isEqualTo(1);
    assertThat(
            db.strings(
                "SELECT coalesce(record_id, 'none') || ' ' || (detail->>'count')" + unchanged))
        .containsExactly("none 3");
    assertThat(db.strings(updated)).containsExactly(before);
    for (String id : List.of("B-1", "B-2", "B-3")) {
      given()
          .headers(TestKeys.as("ops"))
          .get("/v1/sources/{s}/records/{id}/history", source, id)
          .then()
          .statusCode(200)
          .body("entries.action", equalTo(List.of("ingest.indexed", "ingest.unchanged")))
          .body("entries[1].recordId", nullValue())
          // its own delivery only: never the ids of the batch's other records
          .body("entries[1].detail.records.id", equalTo(List.of(id)));
    }
    // the merged entry is a link of the chain like any other
    given().get("/v1/audit/verify?full=true").then().statusCode(200).body("ok", equalTo(true));
  }

  @Inject io.micrometer.core.instrument.MeterRegistry registry;

  private double redacted() {
    return registry.find("tributary.stage").tag("stage", "redact").timer().count();
  }

  private String rawDigest(String source, String id) {
    return db.strings(
            "SELECT coalesce(raw_digest, 'none') FROM records WHERE source = '"
                + source
                + "' AND external_id = '"
                + id
                + "'")
        .get(0);
  }

  @Test
  void should_record_an_unchanged_raw_delivery_without_redacting_it_and_redo_a_changed_one() {
    String source = newSource();
    String body =
        """
        {"records":[{"id":"R-1","version":1,"fields":{"name":"Ada"},\
        "text":"Ada wrote to ada@example.com about the engine."}]}\
        """;
    post(source, body).then().statusCode(200).body("results[0].status", equalTo("indexed"));
    String digest = rawDigest(source, "R-1");
    assertThat(digest)
        .hasSize(64)
        .isNotEqualTo(
            db.strings("SELECT content_hash FROM records WHERE source = '" + source + "'").get(0));
    double redactions = redacted();
    long embedded = model.textsEmbedded();

    post(source, body.replace("\"version\":1", "\"version\":2"))
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("unchanged"))
        .body("results[0].chunks", equalTo(1));
    assertThat(redacted()).isEqualTo(redactions);
    assertThat(model.textsEmbedded()).isEqualTo(embedded);
    assertThat(rawDigest(source, "R-1")).isEqualTo(digest);
    assertThat(db.count("SELECT version FROM records WHERE source = '" + source + "'"))
        .isEqualTo(2);
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'ingest.unchanged'"))
        .isEqualTo(1);

    post(source, body.replace("the engine", "the mill").replace("\"version\":1", "\"version\":3"))
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"));
    assertThat(redacted()).isEqualTo(redactions + 1);
    assertThat(rawDigest(source, "R-1")).hasSize(64).isNotEqualTo(digest);

    given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[{\"id\":\"R-1\",\"version\":4,\"op\":\"delete\"}]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("deleted"));
    assertThat(rawDigest(source, "R-1")).isEqualTo("none");
  }

  @Test
  void should_return_top_k_results_even_beyond_the_hnsw_default_candidate_list() {
    String source = newSource();
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 60; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":\"K-")
          .append(i)
          .append("\",\"text\":\"Warehouse note ")
          .append(i)
          .append(" about pallet inventory.\",\"acl\":[\"warehouse\"]}");
    }
    post(source, body.append("]}").toString()).then().statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .headers(TestKeys.as("warehouse"))
        .body("{\"query\":\"pallet inventory warehouse note\",\"topK\":50,\"mode\":\"vector\"}")
        .post("/v1/search")
        .then()
        .statusCode(200)
        .body("results", hasSize(50));
  }
}
