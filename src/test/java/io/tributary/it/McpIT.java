package io.tributary.it;

import static io.tributary.it.Retrieval.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.tributary.api.Roles;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The MCP server as an assistant uses it: LangChain4j's MCP client over Streamable HTTP against the
 * running test service, authenticated with real API keys (acting for two users whose ACLs differ)
 * and with real tokens of the test Keycloak ({@link Keycloak}).
 */
@QuarkusTest
class McpIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
  private static final String ORIGIN_URL = "https://crm.example.com/tickets/M-1";

  @TestHTTPResource("/")
  URL base;

  @Test
  void should_answer_an_assistant_with_the_connector_shapes_and_only_what_each_user_may_see()
      throws Exception {
    String source = Retrieval.newSource("mcp");
    String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    ingest(
        source,
        "{\"id\":\"M-1\",\"version\":3,\"text\":\"Refund approved for the damaged parcel;"
            + " customer jane.doe@example.com was told by phone.\",\"acl\":[\""
            + alice
            + "\"],\"metadata\":{\"url\":\""
            + ORIGIN_URL
            + "\"}},"
            + "{\"id\":\"M-2\",\"version\":1,\"text\":\"Refund policy: damaged parcels are"
            + " refunded within 14 days of the claim.\",\"acl\":[\""
            + bob
            + "\"]}");

    try (McpClient asAlice = client(TestKeys.all(), TestKeys.as(alice, ""));
        McpClient asBob = client(TestKeys.all(), TestKeys.as(bob, ""))) {
      List<ToolSpecification> tools = asAlice.listTools();
      assertThat(tools)
          .extracting(ToolSpecification::name)
          .contains("search", "fetch", "get_context", "list_sources", "get_provenance");
      assertThat(tools).allSatisfy(t -> assertThat(t.description()).hasSizeGreaterThan(80));

      // search: exactly {"results":[{"id","title","url"}]}, and only what the user may see.
      Map<String, Object> aliceSearch =
          call(asAlice, "search", Map.of("query", "refund damaged parcel", "source", source));
      assertThat(aliceSearch).containsOnlyKeys("results");
      List<Map<String, Object>> aliceResults = results(aliceSearch);
      assertThat(aliceResults).hasSize(1);
      assertThat(aliceResults.get(0)).containsOnlyKeys("id", "title", "url");
      assertThat(aliceResults.get(0).get("url")).isEqualTo(ORIGIN_URL);
      assertThat(aliceResults.get(0).get("title")).isEqualTo(source + " / M-1");
      String aliceChunk = (String) aliceResults.get(0).get("id");

      List<Map<String, Object>> bobResults =
          results(
              call(asBob, "search", Map.of("query", "refund damaged parcel", "source", source)));
      assertThat(bobResults).hasSize(1);
      String bobChunk = (String) bobResults.get(0).get("id");
      assertThat(bobChunk).isNotEqualTo(aliceChunk);
      // No origin URL: the chunk's absolute API URL.
      assertThat(bobResults.get(0).get("url")).isEqualTo(base + "v1/chunks/" + bobChunk);

      // fetch: exactly {"id","title","text","url","metadata"}, the text redacted at ingest.
      Map<String, Object> doc = call(asAlice, "fetch", Map.of("id", aliceChunk));
      assertThat(doc).containsOnlyKeys("id", "title", "text", "url", "metadata");
      assertThat(doc.get("id")).isEqualTo(aliceChunk);
      assertThat((String) doc.get("text")).contains("Refund approved").doesNotContain("jane.doe");
      assertThat(doc.get("url")).isEqualTo(ORIGIN_URL);
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
      assertThat(metadata)
          .containsEntry("source", source)
          .containsEntry("recordId", "M-1")
          .containsEntry("recordVersion", 3);
      // Bob may not fetch Alice's chunk: the same error as for one that does not exist.
      String hidden = toolError(asBob, "fetch", Map.of("id", aliceChunk));
      String absent = toolError(asBob, "fetch", Map.of("id", UUID.randomUUID().toString()));
      assertThat(hidden).contains("Not found").doesNotContain("Refund");
      assertThat(absent).contains("Not found");
      assertThat(toolError(asAlice, "fetch", Map.of("id", "not-a-uuid"))).contains("UUID");

      // get_context: the block with numbered citations that carry ids and URLs.
      Map<String, Object> context =
          call(
              asAlice,
              "get_context",
              Map.of("query", "refund for a damaged parcel", "source", source));
      assertThat((String) context.get("context")).contains("[1]").contains("Refund approved");
      List<Map<String, Object>> citations = results(Map.of("results", context.get("citations")));
      assertThat(citations).hasSize(1);
      assertThat(citations.get(0))
          .containsEntry("n", 1)
          .containsEntry("id", aliceChunk)
          .containsEntry("url", ORIGIN_URL)
          .containsEntry("recordVersion", 3);

      // list_sources: counted under the user's principals.
      List<Map<String, Object>> aliceSources =
          results(Map.of("results", call(asAlice, "list_sources", Map.of()).get("sources")));
      assertThat(aliceSources)
          .filteredOn(s -> source.equals(s.get("source")))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.get("records")).isEqualTo(1);
                assertThat(s.get("chunks")).isEqualTo(1);
              });

      // get_provenance: record version, redaction summary, ingest history.
      Map<String, Object> provenance = call(asAlice, "get_provenance", Map.of("id", aliceChunk));
      assertThat(provenance).containsEntry("id", aliceChunk).containsEntry("url", ORIGIN_URL);
      assertThat(JSON.valueToTree(provenance).at("/record/version").asInt()).isEqualTo(3);
      assertThat(JSON.valueToTree(provenance).at("/record/redactions/EMAIL").asInt()).isEqualTo(1);
      assertThat(JSON.valueToTree(provenance).at("/ingestHistory/0/action").asText())
          .isEqualTo("ingest.indexed");
      assertThat(toolError(asBob, "get_provenance", Map.of("id", aliceChunk)))
          .contains("Not found");
    }

    // Every call is in the audit log under mcp.<tool>, with the user it was made for.
    String aliceActor = TestKeys.actorFor(alice);
    for (String tool :
        List.of("search", "fetch", "get_context", "list_sources", "get_provenance")) {
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM audit_log WHERE action = 'mcp."
                      + tool
                      + "' AND actor = '"
                      + aliceActor
                      + "'"))
          .as(tool)
          .isGreaterThanOrEqualTo(1);
    }
    // The redacted query, not the user's words, is what the search entry holds.
    assertThat(
            Sql.strings(
                "SELECT detail->>'query' FROM audit_log WHERE action = 'mcp.search' AND actor = '"
                    + aliceActor
                    + "'"))
        .containsExactly("refund damaged parcel");
  }

  @Test
  void should_refuse_a_key_without_search_with_a_protocol_error_and_audit_it() throws Exception {
    String key = TestKeys.key(Roles.INGEST);
    try (McpClient client = client(key, Map.of())) {
      // LangChain4j surfaces a JSON-RPC error of tools/call as a ToolExecutionException.
      assertThatThrownBy(() -> call(client, "search", Map.of("query", "refund")))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessageContaining("needs the role 'search'");
      assertThatThrownBy(() -> call(client, "list_sources", Map.of()))
          .isInstanceOf(ToolExecutionException.class);
    }
    // On the wire: a JSON-RPC error with the security code, no result.
    String session =
        RestAssured.given()
            .header("Authorization", "Bearer " + key)
            .contentType(ContentType.JSON)
            .accept("application/json, text/event-stream")
            .body(INITIALIZE)
            .post("/mcp")
            .then()
            .statusCode(200)
            .extract()
            .header("Mcp-Session-Id");
    String answer =
        RestAssured.given()
            .header("Authorization", "Bearer " + key)
            .header("Mcp-Session-Id", session)
            .contentType(ContentType.JSON)
            .accept("application/json, text/event-stream")
            .body(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                    + "\"name\":\"fetch\",\"arguments\":{\"id\":\""
                    + UUID.randomUUID()
                    + "\"}}}")
            .post("/mcp")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(answer).contains("\"code\":-32001").doesNotContain("\"result\"");
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE action = 'mcp.refused' AND actor = 'key:"
                    + TestKeys.idOf(key)
                    + "' AND detail->>'tool' IN ('search', 'list_sources', 'fetch')"))
        .isEqualTo(3);
  }

  @Test
  void should_filter_search_and_context_by_metadata_as_the_rest_api_does() throws Exception {
    String source = Retrieval.newSource("mcpf");
    String reader = "reader-" + UUID.randomUUID().toString().substring(0, 8);
    ingest(
        source,
        "{\"id\":\"F-EU\",\"text\":\"Boiler maintenance schedule for the winter season.\","
            + "\"acl\":[\""
            + reader
            + "\"],\"metadata\":{\"region\":\"EU\"}},"
            + "{\"id\":\"F-US\",\"text\":\"Boiler maintenance schedule for the winter months.\","
            + "\"acl\":[\""
            + reader
            + "\"],\"metadata\":{\"region\":\"US\"}}");
    try (McpClient client = client(TestKeys.all(), TestKeys.as(reader, ""))) {
      ToolSpecification spec =
          client.listTools().stream().filter(t -> t.name().equals("search")).findFirst().get();
      assertThat(spec.parameters().properties()).containsKeys("query", "source", "filter");
      assertThat(String.valueOf(spec.parameters().properties().get("filter")))
          .contains("metadata.<key>");

      Map<String, Object> both =
          call(client, "search", Map.of("query", "boiler maintenance", "source", source));
      assertThat(results(both)).hasSize(2);
      List<String> eu =
          titles(
              call(
                  client,
                  "search",
                  Map.of(
                      "query",
                      "boiler maintenance",
                      "filter",
                      Map.of("source", source, "metadata.region", "EU"))));
      assertThat(eu).containsExactly(source + " / F-EU");
      // source and filter together, a list meaning any of
      assertThat(
              titles(
                  call(
                      client,
                      "search",
                      Map.of(
                          "query",
                          "boiler maintenance",
                          "source",
                          source,
                          "filter",
                          Map.of("metadata.region", List.of("US", "UK"))))))
          .containsExactly(source + " / F-US");
      Map<String, Object> context =
          call(
              client,
              "get_context",
              Map.of(
                  "query",
                  "boiler maintenance",
                  "filter",
                  Map.of("source", source, "metadata.region", "US")));
      assertThat(results(Map.of("results", context.get("citations"))))
          .extracting(c -> c.get("recordId"))
          .containsExactly("F-US");
      // an invalid filter is the REST API's 400, as a tool error
      assertThat(
              toolError(
                  client, "search", Map.of("query", "boiler", "filter", Map.of("colour", "red"))))
          .contains("filter");
      assertThat(
              toolError(
                  client,
                  "search",
                  Map.of("query", "boiler", "source", source, "filter", Map.of("source", source))))
          .contains("source once");
    }
  }

  @Test
  void should_serve_a_keycloak_token_and_refuse_one_without_search_with_a_protocol_error()
      throws Exception {
    String source = Retrieval.newSource("mcpo");
    // alice is in the realm's group sales; the record is for that group only
    ingest(
        source,
        "{\"id\":\"O-1\",\"text\":\"Quarterly sales targets for the northern region.\","
            + "\"acl\":[\"sales\"]},"
            + "{\"id\":\"O-2\",\"text\":\"Quarterly support targets for the northern region.\","
            + "\"acl\":[\"support\"]}");
    try (McpClient alice = client(Keycloak.userToken("alice"), Map.of())) {
      assertThat(
              titles(
                  call(
                      alice,
                      "search",
                      Map.of("query", "quarterly targets northern region", "source", source))))
          .containsExactly(source + " / O-1");
    }
    String aliceSubject = Keycloak.claims(Keycloak.userToken("alice")).path("sub").asText();
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE action = 'mcp.search' AND actor = '"
                    + aliceSubject
                    + "'"))
        .isGreaterThanOrEqualTo(1);

    // the ingester's service account holds ingest and operator, not search
    try (McpClient client = client(Keycloak.ingesterToken(), Map.of())) {
      assertThatThrownBy(() -> call(client, "search", Map.of("query", "quarterly targets")))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessageContaining("needs the role 'search'");
    }
  }

  @Test
  void should_answer_401_to_an_unauthenticated_mcp_request() {
    for (String path : List.of("/mcp", "/mcp/", "/mcp/sse", "/mcp/messages/x")) {
      RestAssured.given()
          .contentType(ContentType.JSON)
          .accept("application/json, text/event-stream")
          .body(INITIALIZE)
          .post(path)
          .then()
          .statusCode(401);
    }
    RestAssured.given()
        .header("Authorization", "Bearer trb_not_a_key")
        .contentType(ContentType.JSON)
        .body(INITIALIZE)
        .post("/mcp")
        .then()
        .statusCode(401);
  }

  private McpClient client(String key, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Authorization", "Bearer " + key);
    return new DefaultMcpClient.Builder()
        .key("tributary-it")
        .transport(
            new StreamableHttpMcpTransport.Builder()
                .url(base + "mcp")
                .customHeaders(all)
                .timeout(Duration.ofSeconds(60))
                .build())
        .toolExecutionTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static Map<String, Object> call(McpClient client, String tool, Map<String, Object> args)
      throws Exception {
    ToolExecutionResult result = execute(client, tool, args);
    assertThat(result.isError()).as(result.resultText()).isFalse();
    return JSON.readValue(result.resultText(), new TypeReference<Map<String, Object>>() {});
  }

  /** The text of a tool error ({@code isError: true}), however the client surfaces it. */
  private static String toolError(McpClient client, String tool, Map<String, Object> args)
      throws Exception {
    try {
      ToolExecutionResult result = execute(client, tool, args);
      assertThat(result.isError()).as(result.resultText()).isTrue();
      return result.resultText();
    } catch (ToolExecutionException e) {
      return e.getMessage();
    }
  }

  private static ToolExecutionResult execute(
      McpClient client, String tool, Map<String, Object> args) throws Exception {
    return client.executeTool(
        ToolExecutionRequest.builder()
            .id(UUID.randomUUID().toString())
            .name(tool)
            .arguments(JSON.writeValueAsString(args))
            .build());
  }

  private static List<String> titles(Map<String, Object> answer) {
    return results(answer).stream().map(r -> (String) r.get("title")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(Map<String, Object> answer) {
    return (List<Map<String, Object>>) answer.get("results");
  }
}
