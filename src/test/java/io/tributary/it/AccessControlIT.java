package io.tributary.it;

import static io.tributary.it.Retrieval.hits;
import static io.tributary.it.Retrieval.ingest;
import static io.tributary.it.Retrieval.recordId;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessControlIT {

  private static final String[] WORDS = {
    "invoice", "refund", "pump", "valve", "contract", "renewal", "battery", "shipping", "customs",
        "pressure",
    "billing", "dispute", "upgrade", "warranty", "inspection", "delay", "customer", "support",
        "engine", "order"
  };

  @Test
  void should_never_return_a_chunk_the_caller_may_not_see_and_keep_top_k_full() {
    String source = Retrieval.newSource("acl");
    Random random = new Random(42);
    Map<String, Set<String>> aclById = new HashMap<>();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 240; i++) {
      // Interleaved: alice, bob, alice, bob, ... and every sixth record both, every tenth nobody.
      Set<String> acl =
          i % 10 == 9
              ? Set.of()
              : i % 6 == 0 ? Set.of("alice", "bob") : Set.of(i % 2 == 0 ? "alice" : "bob");
      String id = "A-" + i;
      aclById.put(id, acl);
      String text =
          WORDS[random.nextInt(WORDS.length)]
              + " "
              + WORDS[random.nextInt(WORDS.length)]
              + " note "
              + i
              + " about "
              + WORDS[random.nextInt(WORDS.length)]
              + " and "
              + WORDS[random.nextInt(WORDS.length)]
              + ".";
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"text\":\"")
          .append(text)
          .append("\",\"acl\":[")
          .append(String.join(",", acl.stream().map(a -> "\"" + a + "\"").toList()))
          .append("]}");
    }
    ingest(source, body.toString());

    String[] modes = {"vector", "keyword", "hybrid"};
    int leaks = 0;
    int checked = 0;
    for (int q = 0; q < 90; q++) {
      String principal = q % 2 == 0 ? "alice" : "bob";
      String mode = modes[q % 3];
      int topK = 1 + random.nextInt(50);
      String query =
          WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
      List<Map<String, Object>> hits =
          hits(
              principal,
              "{\"query\":\""
                  + query
                  + "\",\"mode\":\""
                  + mode
                  + "\",\"topK\":"
                  + topK
                  + ",\"filter\":{\"source\":\""
                  + source
                  + "\"}}");
      for (Map<String, Object> h : hits) {
        checked++;
        if (!aclById.get(recordId(h)).contains(principal)) {
          leaks++;
        }
      }
      if (!mode.equals("keyword")) {
        // Each principal sees well over 50 records: vector and hybrid answers are always full.
        assertThat(hits).as(mode + " topK " + topK).hasSize(topK);
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(leaks).isZero();

    // Deny by default: no principals, or principals nobody granted, see nothing; not even ACL-less
    // records.
    assertThat(hits(null, "{\"query\":\"invoice\",\"filter\":{\"source\":\"" + source + "\"}}"))
        .isEmpty();
    assertThat(
            hits("mallory", "{\"query\":\"invoice\",\"filter\":{\"source\":\"" + source + "\"}}"))
        .isEmpty();
    // Two principals see the union.
    assertThat(
            hits(
                "alice, bob",
                "{\"query\":\"note\",\"mode\":\"vector\",\"topK\":50,\"filter\":{\"source\":\""
                    + source
                    + "\"}}"))
        .hasSize(50)
        .allMatch(h -> !aclById.get(recordId(h)).isEmpty());
  }

  @Test
  void should_hide_chunks_and_histories_from_callers_without_access() {
    String source = Retrieval.newSource("aclc");
    ingest(
        source,
        "{\"id\":\"S-1\",\"version\":4,\"text\":\"Secret merger plan for Q3, email"
            + " cfo@example.com.\",\"acl\":[\"board\"]}");
    List<Map<String, Object>> hits =
        hits("board", "{\"query\":\"merger plan\",\"filter\":{\"source\":\"" + source + "\"}}");
    assertThat(hits).hasSize(1);
    String chunkId = (String) hits.get(0).get("chunkId");

    var chunk =
        given()
            .headers(TestKeys.as("board"))
            .get("/v1/chunks/{id}", chunkId)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(chunk.getInt("record.version")).isEqualTo(4);
    assertThat(chunk.getInt("provenance.recordVersion")).isEqualTo(4);
    assertThat(chunk.getMap("record.redactions")).containsKey("EMAIL");
    assertThat(chunk.getList("ingestHistory.action")).containsExactly("ingest.indexed");
    assertThat(chunk.getString("text")).doesNotContain("cfo@example.com");

    given().headers(TestKeys.as("staff")).get("/v1/chunks/{id}", chunkId).then().statusCode(404);
    given().get("/v1/chunks/{id}", chunkId).then().statusCode(404);
    given().get("/v1/chunks/{id}", "not-a-uuid").then().statusCode(400);

    var history =
        given()
            .headers(TestKeys.as("board"))
            .get("/v1/sources/{s}/records/{id}/history", source, "S-1")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(history.getList("entries.action")).containsExactly("ingest.indexed");
    given()
        .headers(TestKeys.as("staff"))
        .get("/v1/sources/{s}/records/{id}/history", source, "S-1")
        .then()
        .statusCode(404);
  }
}
