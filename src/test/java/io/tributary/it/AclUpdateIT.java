package io.tributary.it;

import static io.tributary.it.Retrieval.hits;
import static io.tributary.it.Retrieval.recordIds;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.model.EqualVersion;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import io.tributary.pipeline.RetriableException;
import io.tributary.store.RecordWriter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An update that changes only who may read a record rewrites ACLs in place: nothing re-embedded.
 */
@QuarkusTest
class AclUpdateIT {

  private static final String TEXT =
      "Pump P-7 failed its pressure inspection. The valve seals were replaced and the pump was"
          + " returned to service after a second test.";

  @Inject CountingEmbeddingModel model;
  @Inject Db db;
  @Inject RecordWriter writer;

  private static String record(long version, String acl) {
    return "{\"id\":\"R-1\",\"version\":"
        + version
        + ",\"text\":\""
        + TEXT
        + "\",\"acl\":[\""
        + acl
        + "\"]}";
  }

  private static io.restassured.response.ValidatableResponse send(String source, String json) {
    return given()
        .contentType(ContentType.JSON)
        .body("{\"records\":[" + json + "]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
  }

  private static List<Map<String, Object>> search(String principal, String source) {
    return hits(
        principal,
        "{\"query\":\"pump pressure inspection\",\"mode\":\"vector\",\"topK\":20,"
            + "\"filter\":{\"source\":\""
            + source
            + "\"}}");
  }

  @Test
  void should_rewrite_chunk_acls_in_place_without_embedding_when_only_the_acl_changes() {
    String source = Retrieval.newSource("aclu");
    send(source, record(1, "g1")).body("results[0].status", equalTo("indexed"));
    List<Map<String, Object>> before = search("g1", source);
    assertThat(recordIds(before)).isNotEmpty().containsOnly("R-1");
    assertThat(search("g2", source)).isEmpty();
    long chunks = db.count("SELECT count(*) FROM chunks WHERE source = '" + source + "'");
    List<String> chunkIds = before.stream().map(h -> (String) h.get("chunkId")).sorted().toList();
    long texts = model.textsEmbedded();
    long calls = model.calls();

    send(source, record(2, "g2"))
        .body("results[0].status", equalTo("acl-updated"))
        .body("results[0].chunks", equalTo((int) chunks));

    assertThat(model.calls()).isEqualTo(calls);
    assertThat(model.textsEmbedded()).isEqualTo(texts);
    assertThat(search("g1", source)).isEmpty();
    List<Map<String, Object>> after = search("g2", source);
    assertThat(recordIds(after)).hasSize(before.size()).containsOnly("R-1");
    assertThat(after.stream().map(h -> (String) h.get("chunkId")).sorted().toList())
        .isEqualTo(chunkIds);
    assertThat(after)
        .allSatisfy(
            h -> {
              Map<?, ?> provenance = (Map<?, ?>) h.get("provenance");
              assertThat(provenance.get("recordVersion")).isEqualTo(2);
              assertThat(provenance.get("contentHash"))
                  .isNotEqualTo(((Map<?, ?>) before.get(0).get("provenance")).get("contentHash"));
            });
    assertThat(chunkAcls(source)).containsExactly("g2");
    assertThat(
            db.strings(
                "SELECT version || ' ' || array_to_string(acl, ',') FROM records WHERE source = '"
                    + source
                    + "'"))
        .containsExactly("2 g2");

    var chunk =
        given()
            .headers(TestKeys.as("g2"))
            .get("/v1/chunks/{id}", chunkIds.get(0))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(chunk.getInt("record.version")).isEqualTo(2);
    assertThat(chunk.getInt("provenance.recordVersion")).isEqualTo(2);
    assertThat(chunk.getList("ingestHistory.action"))
        .containsExactly("ingest.indexed", "ingest.acl-updated");
    List<String> detail =
        db.strings(
            "SELECT actor || ' ' || detail::text FROM audit_log WHERE source = '"
                + source
                + "' AND action = 'ingest.acl-updated'");
    assertThat(detail)
        .singleElement()
        .asString()
        .startsWith(TestKeys.actor() + " ")
        .contains("\"chunks\": " + chunks, "previousContentHash", "\"aclEntries\": 1")
        .doesNotContain("g1", "g2", "Pump");

    // The old version with the old ACL is stale; the same delivery again is unchanged.
    send(source, record(1, "g1")).body("results[0].status", equalTo("stale"));
    send(source, record(2, "g2")).body("results[0].status", equalTo("unchanged"));
    assertThat(search("g1", source)).isEmpty();
    // A content change still re-embeds.
    send(source, record(3, "g2").replace("second test", "third test"))
        .body("results[0].status", equalTo("indexed"));
    assertThat(model.calls()).isGreaterThan(calls);
  }

  @Test
  void should_refuse_the_same_version_with_another_acl_under_equal_version_reject() {
    String source = Retrieval.newSource("aclr");
    send(source, record(4, "g1")).body("results[0].status", equalTo("indexed"));
    long calls = model.calls();
    send(source, record(4, "g2")).body("results[0].status", equalTo("conflict"));
    assertThat(model.calls()).isEqualTo(calls);
    assertThat(search("g1", source)).isNotEmpty();
    assertThat(search("g2", source)).isEmpty();
  }

  @Test
  void should_give_an_uploaded_document_and_its_attachments_a_new_acl_without_embedding() {
    String source = Retrieval.newSource("acld");
    upload(source, "g1")
        .body("results[0].status", equalTo("indexed"))
        .body("results[0].attachments.status", equalTo(List.of("indexed", "indexed")));
    assertThat(search("g1", source)).isNotEmpty();
    assertThat(search("g2", source)).isEmpty();
    long calls = model.calls();

    upload(source, "g2")
        .body("results[0].status", equalTo("acl-updated"))
        .body("results[0].attachments.status", equalTo(List.of("acl-updated", "acl-updated")));

    assertThat(model.calls()).isEqualTo(calls);
    assertThat(search("g1", source)).isEmpty();
    assertThat(search("g2", source)).isNotEmpty();
    assertThat(chunkAcls(source)).containsExactly("g2");
  }

  @Test
  void should_write_nothing_when_the_record_changed_since_the_acl_decision() {
    String source = Retrieval.newSource("aclc");
    send(source, record(1, "g1")).body("results[0].status", equalTo("indexed"));
    String audited = "SELECT count(*) FROM audit_log WHERE source = '" + source + "'";
    long entries = db.count(audited);
    String pipelineVersion =
        db.strings("SELECT pipeline_version FROM records WHERE source = '" + source + "'").get(0);
    SourceRecord update =
        new SourceRecord(
            new RecordKey(source, "R-1"),
            2L,
            RecordOp.UPSERT,
            Map.of(),
            TEXT,
            List.of("g2"),
            Map.of(),
            Origin.http());

    // The caller read another hash than the row holds now, as when a writer came in between.
    assertThatThrownBy(
            () ->
                writer.updateAcl(
                    update,
                    "0".repeat(64),
                    "1".repeat(64),
                    pipelineVersion,
                    EqualVersion.REPLACE,
                    s -> {
                      throw new AssertionError("no outcome to audit");
                    }))
        .isInstanceOf(RetriableException.class);

    assertThat(db.count(audited)).isEqualTo(entries);
    assertThat(
            db.strings(
                "SELECT DISTINCT version || ' ' || array_to_string(c.acl, ',') FROM chunks c JOIN"
                    + " records r USING (source, external_id) WHERE source = '"
                    + source
                    + "'"))
        .containsExactly("1 g1");
  }

  /** The distinct ACLs of the source's chunks. */
  private List<String> chunkAcls(String source) {
    return db.strings(
        "SELECT DISTINCT array_to_string(acl, ',') FROM chunks WHERE source = '" + source + "'");
  }

  private static io.restassured.response.ValidatableResponse upload(String source, String acl) {
    return given()
        .multiPart("file", "testMSG_att_msg.msg", resource("testMSG_att_msg.msg"))
        .queryParam("acl", acl)
        .post("/v1/sources/{s}/documents", source)
        .then()
        .statusCode(200);
  }

  private static byte[] resource(String name) {
    try (InputStream in = AclUpdateIT.class.getResourceAsStream("/documents/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
