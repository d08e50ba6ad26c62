package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against the real Keycloak that scripts/services.sh starts, with the realm of
 * config/keycloak/tributary-realm.json: tokens from the provider authenticate, their roles
 * authorize, their groups decide what each user sees, and the audit actor is the token's subject.
 */
@QuarkusTest
class OidcAccessIT {

  @Inject Db db;

  private static RequestSpecification bearer(String token) {
    return RestAssured.given().header("Authorization", "Bearer " + token);
  }

  private static List<String> recordIds(String token, String source, String marker) {
    List<Map<String, Object>> hits =
        bearer(token)
            .contentType(ContentType.JSON)
            .body(
                "{\"query\":\""
                    + marker
                    + " quarterly account review\",\"mode\":\"keyword\",\"topK\":50,"
                    + "\"filter\":{\"source\":\""
                    + source
                    + "\"}}")
            .post("/v1/search")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("results");
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> h : hits) {
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) h.get("provenance");
      ids.add((String) p.get("recordId"));
    }
    return ids;
  }

  @Test
  void should_show_two_users_only_their_groups_records_and_audit_each_by_subject() {
    String source = Retrieval.newSource("oidc");
    String marker = "zq" + Long.toString(System.nanoTime(), 36);
    StringBuilder records = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      String group = i % 2 == 0 ? "sales" : "support";
      records
          .append(i == 0 ? "" : ",")
          .append("{\"id\":\"R-")
          .append(i)
          .append("\",\"version\":1,\"text\":\"")
          .append(marker)
          .append(" quarterly account review number ")
          .append(i)
          .append("\",\"acl\":[\"")
          .append(group)
          .append("\"]}");
    }
    String ingester = Keycloak.ingesterToken();
    bearer(ingester)
        .contentType(ContentType.JSON)
        .body("{\"records\":[" + records + "]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);

    String alice = Keycloak.userToken("alice");
    String bob = Keycloak.userToken("bob");
    List<String> aliceSees = recordIds(alice, source, marker);
    List<String> bobSees = recordIds(bob, source, marker);

    List<String> even = new ArrayList<>();
    List<String> odd = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      (i % 2 == 0 ? even : odd).add("R-" + i);
    }
    assertThat(aliceSees).containsExactlyInAnyOrderElementsOf(even);
    assertThat(bobSees).containsExactlyInAnyOrderElementsOf(odd);

    String aliceSubject = Keycloak.claims(alice).path("sub").asText();
    String ingesterSubject = Keycloak.claims(ingester).path("sub").asText();
    assertThat(aliceSubject).isNotBlank();
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE action = 'search' AND actor = '"
                    + aliceSubject
                    + "' AND detail->'principals' ? 'sales' AND detail->>'query' LIKE '%"
                    + marker
                    + "%'"))
        .isEqualTo(1);
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'ingest.indexed' AND actor = '"
                    + ingesterSubject
                    + "'"))
        .isEqualTo(20);
  }

  @Test
  void should_refuse_a_user_without_the_role_and_change_nothing() {
    String source = Retrieval.newSource("oidcw");
    String alice = Keycloak.userToken("alice");
    bearer(alice)
        .contentType(ContentType.JSON)
        .body("{\"records\":[{\"id\":\"X\",\"version\":1,\"text\":\"mine\",\"acl\":[\"sales\"]}]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    bearer(alice).get("/v1/sources").then().statusCode(403);
    bearer(alice).get("/v1/audit").then().statusCode(403);
    bearer(alice).get("/q/metrics").then().statusCode(403);
    assertThat(db.count("SELECT count(*) FROM records WHERE source = '" + source + "'")).isZero();

    String carol = Keycloak.userToken("carol");
    bearer(carol).get("/v1/audit?limit=1").then().statusCode(200);
    bearer(carol).get("/v1/keys").then().statusCode(200);
  }

  @Test
  void should_refuse_no_token_a_forged_token_and_an_expired_token() {
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    String alice = Keycloak.userToken("alice");
    String[] parts = alice.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA";
    bearer(forged)
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    String expired = Keycloak.expiredToken("alice", Keycloak.password("alice"));
    bearer(expired)
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
