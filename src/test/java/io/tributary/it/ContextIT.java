package io.tributary.it;

import static io.tributary.it.Retrieval.ingest;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.tributary.pipeline.TokenCounter;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContextIT {

  @Inject TokenCounter tokens;
  @Inject Db db;

  static JsonPath context(String principals, String body, int status) {
    return given()
        .contentType(ContentType.JSON)
        .headers(TestKeys.as("it-context", principals))
        .body(body)
        .post("/v1/context")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  @Test
  void should_render_cited_deduplicated_context_within_the_budget() {
    String source = Retrieval.newSource("ctx");
    String copy = Retrieval.newSource("ctx");
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      records
          .append(i == 0 ? "" : ",")
          .append("{\"id\":\"K-")
          .append(i)
          .append("\",\"version\":")
          .append(i + 1)
          .append(",\"text\":\"Knowledge base article ")
          .append(i)
          .append(": to reset the router hold the reset button for ")
          .append(10 + i)
          .append(
              " seconds, then wait for the status light to turn green before"
                  + " reconnecting.\",\"acl\":[\"help\"]}");
    }
    ingest(source, records.toString());
    // The same article in a second source: cited once.
    ingest(
        copy,
        "{\"id\":\"K-0\",\"text\":\"Knowledge base article 0: to reset the router hold the reset"
            + " button for 10 seconds, then wait for the status light to turn green before"
            + " reconnecting.\",\"acl\":[\"help\"]}");
    String filter = ",\"filter\":{\"source\":[\"" + source + "\",\"" + copy + "\"]}";

    JsonPath c =
        context(
            "help",
            "{\"query\":\"how do I reset the router?\",\"maxTokens\":250" + filter + "}",
            200);
    String text = c.getString("context");
    assertThat(tokens.count(text)).isLessThanOrEqualTo(250).isEqualTo(c.getInt("tokens"));
    assertThat(text)
        .startsWith("Answer the question using only the numbered sources")
        .contains("[1]")
        .contains("[2]");
    List<Map<String, Object>> citations = c.getList("citations");
    assertThat(citations).hasSizeGreaterThan(1);
    for (int i = 0; i < citations.size(); i++) {
      assertThat(citations.get(i).get("n")).isEqualTo(i + 1);
      assertThat(text).contains("[" + (i + 1) + "] (");
      Map<?, ?> provenance = (Map<?, ?>) citations.get(i).get("provenance");
      assertThat(text).contains(provenance.get("source") + "/" + provenance.get("recordId"));
    }
    assertThat(text).doesNotContain("[" + (citations.size() + 1) + "]");
    List<String> texts =
        citations.stream()
            .map(
                x ->
                    db.strings("SELECT text FROM chunks WHERE id = '" + x.get("chunkId") + "'")
                        .get(0))
            .toList();
    assertThat(texts).doesNotHaveDuplicates();

    // A bigger budget cites more, and everything of the 13 chunks fits into 2000 tokens but one
    // duplicate.
    JsonPath big =
        context(
            "help",
            "{\"query\":\"how do I reset the router?\",\"maxTokens\":2000" + filter + "}",
            200);
    assertThat(big.getList("citations")).hasSize(12);

    // Named per-use template, and the context call is audited like a search.
    JsonPath agent =
        context(
            "help",
            "{\"query\":\"router reset\",\"template\":\"support-agent\",\"maxTokens\":300"
                + filter
                + "}",
            200);
    assertThat(agent.getString("context")).startsWith("You are helping a support agent");
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE action = 'context' AND actor = '"
                    + TestKeys.actorFor("it-context")
                    + "'"
                    + " AND detail->>'template' = 'support-agent'"))
        .isGreaterThanOrEqualTo(1);

    // Nobody else's chunks: a caller without access gets the template and no sources.
    assertThat(
            context("guest", "{\"query\":\"router reset\"" + filter + "}", 200)
                .getList("citations"))
        .isEmpty();

    context("help", "{\"query\":\"router\",\"template\":\"no-such\"}", 404);
    context("help", "{\"query\":\"router\",\"template\":\"../etc/passwd\"}", 400);
    context("help", "{\"query\":\"router\",\"maxTokens\":5}", 400);
    context("help", "{\"maxTokens\":100}", 400);
  }
}
