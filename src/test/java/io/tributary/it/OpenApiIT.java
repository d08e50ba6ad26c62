package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at {@code /q/openapi}: both security schemes, and every route the
 * application serves (found as {@link ApiKeyAccessIT#routes()} finds them) described with its
 * summary, its security requirement, a success answer, 401 and 403, and problem+json for every
 * error; the document itself refuses an anonymous caller.
 */
@QuarkusTest
class OpenApiIT {

  private static final String PROBLEM = "application/problem+json";

  @Test
  void should_describe_every_route_with_its_security_and_answers() {
    JsonPath doc =
        TestKeys.given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();

    Map<String, Object> apiKey = doc.getMap("components.securitySchemes.apiKey");
    assertThat(apiKey)
        .containsEntry("type", "apiKey")
        .containsEntry("in", "header")
        .containsEntry("name", "X-API-Key");
    assertThat((String) apiKey.get("description")).contains("Authorization: Bearer trb_");
    // the test profile names an issuer: the scheme points at its discovery document
    Map<String, Object> oidc = doc.getMap("components.securitySchemes.oidc");
    assertThat(oidc).containsEntry("type", "openIdConnect");
    assertThat((String) oidc.get("openIdConnectUrl"))
        .endsWith("/realms/tributary/.well-known/openid-configuration");
    for (String shared : List.of("Unauthorized", "Forbidden", "Unavailable")) {
      assertThat(doc.getMap("components.responses." + shared + ".content"))
          .as(shared)
          .containsOnlyKeys(PROBLEM);
    }

    List<ApiKeyAccessIT.Route> routes = ApiKeyAccessIT.routes();
    assertThat(routes).hasSizeGreaterThanOrEqualTo(17);
    Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
    for (ApiKeyAccessIT.Route r : routes) {
      String where = r.verb() + " " + r.template();
      Map<String, Object> operation =
          paths.getOrDefault(r.template(), Map.of()).get(r.verb().toLowerCase());
      assertThat(operation).as(where).isNotNull();
      assertThat((String) operation.get("summary")).as(where).isNotBlank();
      assertThat(schemesOf(operation)).as(where).containsExactlyInAnyOrder("oidc", "apiKey");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> responses =
          (Map<String, Map<String, Object>>) operation.get("responses");
      assertThat(responses).as(where).containsKeys("401", "403");
      assertThat(responses.keySet()).as(where).anyMatch(code -> code.startsWith("2"));
      responses.forEach(
          (code, response) -> {
            if (code.matches("[45]\\d\\d") && !response.containsKey("$ref")) {
              @SuppressWarnings("unchecked")
              Map<String, Object> content = (Map<String, Object>) response.get("content");
              assertThat(content).as("%s %s", where, code).containsOnlyKeys(PROBLEM);
            }
          });
    }
  }

  @Test
  void should_serve_the_document_and_swagger_ui_to_authenticated_callers_only() {
    RestAssured.given().get("/q/openapi").then().statusCode(401);
    RestAssured.given().get("/q/openapi?format=json").then().statusCode(401);
    RestAssured.given().get("/q/swagger-ui/").then().statusCode(401);
    // Swagger UI is built into dev and test runs (not into the packaged application)
    TestKeys.given().get("/q/swagger-ui/").then().statusCode(200);
  }

  /** The schemes of each alternative requirement; each must be a single scheme. */
  @SuppressWarnings("unchecked")
  private static List<String> schemesOf(Map<String, Object> operation) {
    List<Map<String, List<String>>> security =
        (List<Map<String, List<String>>>) operation.getOrDefault("security", List.of());
    security.forEach(requirement -> assertThat(requirement).hasSize(1));
    return security.stream().flatMap(requirement -> requirement.keySet().stream()).toList();
  }
}
