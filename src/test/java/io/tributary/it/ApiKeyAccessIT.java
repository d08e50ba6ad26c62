package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tributary.api.Callers;
import io.tributary.api.Roles;
import io.tributary.auth.KeyToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication and authorization with API keys: every route refuses an anonymous caller, roles
 * decide the rest, a write by a caller who may not write changes nothing, revoked and expired keys
 * are refused, and the audit actor is the authenticated key.
 */
@QuarkusTest
class ApiKeyAccessIT {

  private static final List<Class<? extends Annotation>> VERBS =
      List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

  /** Routes outside JAX-RS that must refuse an anonymous caller too. */
  private static final List<String> OTHER_ROUTES =
      List.of("/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/dev-ui", "/q/anything");

  @Inject Db db;

  /** A resource method: its verb and its path template ({@code /v1/jobs/{id}}). */
  record Route(String verb, String template) {

    /** The template with every parameter set to 1. */
    String path() {
      return template.replaceAll("\\{[^}]+}", "1");
    }
  }

  /**
   * Every resource method of the API, found in its classes rather than listed by hand. The operator
   * console ({@code /console}) is left out: a browser face with a login page and a session cookie,
   * whose anonymous and per-role answers {@code ConsoleIT} checks.
   */
  static List<Route> routes() {
    List<Route> out = new ArrayList<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tributary")) {
      if (!c.isAnnotatedWith(Path.class)) {
        continue;
      }
      String base = c.getAnnotationOfType(Path.class).value();
      if (base.startsWith("/console")) {
        continue;
      }
      for (JavaMethod m : c.getMethods()) {
        for (Class<? extends Annotation> verb : VERBS) {
          if (m.isAnnotatedWith(verb)) {
            String sub =
                m.isAnnotatedWith(Path.class) ? m.getAnnotationOfType(Path.class).value() : "";
            String path = (base + (sub.isEmpty() || sub.startsWith("/") ? sub : "/" + sub));
            out.add(new Route(verb.getSimpleName(), path));
          }
        }
      }
    }
    return out;
  }

  @Test
  void should_refuse_an_anonymous_caller_on_every_route_but_health() {
    List<Route> routes = routes();
    // the application's 17 resource methods at the time of writing: the scan found them all
    assertThat(routes).hasSizeGreaterThanOrEqualTo(17);
    for (Route r : routes) {
      Response answer =
          RestAssured.given().contentType(ContentType.JSON).body("{}").request(r.verb(), r.path());
      assertThat(answer.statusCode()).as("%s %s", r.verb(), r.path()).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate"))
          .as("%s %s", r.verb(), r.path())
          .startsWith("Bearer");
      if (!r.verb().equals("HEAD")) {
        assertThat(answer.contentType())
            .as("%s %s", r.verb(), r.path())
            .startsWith("application/problem+json");
      }
    }
    for (String path : OTHER_ROUTES) {
      assertThat(RestAssured.given().get(path).statusCode()).as(path).isEqualTo(401);
    }
    RestAssured.given().get("/q/health/ready").then().statusCode(200);
    RestAssured.given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void should_refuse_a_bad_or_unknown_key_with_a_problem_and_a_challenge() {
    String unknown = "trb_0123456789abcdef_" + "A".repeat(43);
    for (String credential : List.of(unknown, "trb_short", "not-a-jwt")) {
      RestAssured.given()
          .header("Authorization", "Bearer " + credential)
          .contentType(ContentType.JSON)
          .body("{\"query\":\"x\"}")
          .post("/v1/search")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Bearer"));
    }
    // the same key in X-API-Key works as in Authorization
    RestAssured.given()
        .header("X-API-Key", TestKeys.key(Roles.SEARCH))
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(200);
  }

  @Test
  void should_refuse_a_write_by_a_caller_who_may_not_write_and_change_nothing() {
    String source = Retrieval.newSource("own");
    String record =
        "{\"id\":\"R-1\",\"version\":1,\"fields\":{\"body\":\"ledger\"},\"acl\":[\"fin\"]}";
    TestKeys.givenRoles(Roles.ingestOf(source))
        .contentType(ContentType.JSON)
        .body("{\"records\":[" + record + "]}")
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
    String pinned =
        "{\"id\":\"R-1\",\"version\":9223372036854775807,\"fields\":{\"body\":\"mine now\"},"
            + "\"acl\":[\"everyone\"]}";
    for (String roles : List.of(Roles.SEARCH, Roles.ingestOf(source + "x"), Roles.OPERATOR)) {
      TestKeys.givenRoles(roles)
          .contentType(ContentType.JSON)
          .body("{\"records\":[" + pinned + "]}")
          .post("/v1/sources/{s}/records", source)
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
      TestKeys.givenRoles(roles)
          .delete("/v1/sources/{s}/documents/R-1", source)
          .then()
          .statusCode(403);
      TestKeys.givenRoles(roles).post("/v1/sources/{s}/sync", source).then().statusCode(403);
    }
    assertThat(
            db.strings(
                "SELECT version || ':' || array_to_string(acl, ',') FROM records WHERE source = '"
                    + source
                    + "'"))
        .containsExactly("1:fin");
    assertThat(
            db.count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND text LIKE '%mine now%'"))
        .isZero();
  }

  @Test
  void should_give_each_role_its_endpoints_only() {
    TestKeys.givenRoles(Roles.SEARCH).get("/v1/sources").then().statusCode(403);
    TestKeys.givenRoles(Roles.SEARCH).get("/v1/dead-letters").then().statusCode(403);
    TestKeys.givenRoles(Roles.SEARCH).get("/q/metrics").then().statusCode(403);
    TestKeys.givenRoles(Roles.OPERATOR).get("/v1/sources").then().statusCode(200);
    TestKeys.givenRoles(Roles.OPERATOR).get("/q/metrics").then().statusCode(200);
    TestKeys.givenRoles(Roles.OPERATOR).get("/v1/audit").then().statusCode(403);
    TestKeys.givenRoles(Roles.OPERATOR).get("/v1/keys").then().statusCode(403);
    TestKeys.givenRoles(Roles.OPERATOR)
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Forbidden"));
    TestKeys.givenRoles(Roles.AUDITOR).get("/v1/audit?limit=1").then().statusCode(200);
    TestKeys.givenRoles(Roles.AUDITOR).get("/v1/audit/verify").then().statusCode(200);
    TestKeys.givenRoles(Roles.ADMIN).get("/v1/keys").then().statusCode(200);
    // jobs: operators start, cancel and read; auditors read
    TestKeys.givenRoles(Roles.SEARCH).get("/v1/jobs").then().statusCode(403);
    TestKeys.givenRoles(Roles.OPERATOR).get("/v1/jobs").then().statusCode(200);
    TestKeys.givenRoles(Roles.AUDITOR).get("/v1/jobs").then().statusCode(200);
    TestKeys.givenRoles(Roles.AUDITOR).get("/v1/jobs/987654321").then().statusCode(404);
    TestKeys.givenRoles(Roles.AUDITOR)
        .contentType(ContentType.JSON)
        .body("{\"type\":\"purge\"}")
        .post("/v1/jobs")
        .then()
        .statusCode(403);
    TestKeys.givenRoles(Roles.AUDITOR).post("/v1/jobs/987654321/cancel").then().statusCode(403);
  }

  @Test
  void should_let_only_a_delegate_act_for_a_user_and_never_trust_the_principals_header() {
    TestKeys.givenRoles(Roles.SEARCH)
        .headers(Map.of(Callers.ON_BEHALF_OF, "mallory", Callers.ON_BEHALF_OF_GROUPS, "board"))
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    TestKeys.givenRoles(Roles.SEARCH)
        .header(Callers.DEV_PRINCIPALS, "board")
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(403);
    TestKeys.givenRoles(Roles.SEARCH, Roles.DELEGATE)
        .headers(Callers.ON_BEHALF_OF_GROUPS, "board")
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(400);
  }

  @Test
  void should_create_list_and_revoke_keys_show_the_secret_once_and_audit_the_admin() {
    String credential =
        given()
            .contentType(ContentType.JSON)
            .body(
                "{\"name\":\"crm"
                    + " connector\",\"roles\":[\"ingest:crm\",\"search\"],\"ttl\":\"P1D\"}")
            .post("/v1/keys")
            .then()
            .statusCode(201)
            .body("key", startsWith("trb_"))
            .body("expiresAt", notNullValue())
            .extract()
            .path("key");
    String id = TestKeys.idOf(credential);
    String secret = KeyToken.parse(credential).orElseThrow().secret();
    String listing = given().get("/v1/keys").then().statusCode(200).extract().asString();
    assertThat(listing).contains(id).doesNotContain(secret);
    assertThat(db.strings("SELECT secret_sha256 FROM api_keys WHERE id = '" + id + "'"))
        .singleElement()
        .asString()
        .doesNotContain(secret)
        .hasSize(64);

    RestAssured.given()
        .header("Authorization", "Bearer " + credential)
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(200);
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE action = 'search' AND actor = 'key:"
                    + id
                    + "'"))
        .isEqualTo(1);
    assertThat(db.strings("SELECT last_used_at IS NOT NULL FROM api_keys WHERE id = '" + id + "'"))
        .containsExactly("t");

    given().delete("/v1/keys/{id}", id).then().statusCode(204);
    given().delete("/v1/keys/{id}", id).then().statusCode(404);
    RestAssured.given()
        .header("Authorization", "Bearer " + credential)
        .contentType(ContentType.JSON)
        .body("{\"query\":\"x\"}")
        .post("/v1/search")
        .then()
        .statusCode(401)
        .body("detail", equalTo("API key revoked"));
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE action IN ('key.created', 'key.revoked') AND"
                    + " actor = '"
                    + TestKeys.actor()
                    + "' AND detail->>'keyId' = '"
                    + id
                    + "'"))
        .isEqualTo(2);

    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"roles\":[\"root\"]}")
        .post("/v1/keys")
        .then()
        .statusCode(400);
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\":\"x\",\"roles\":[\"search\"],\"ttl\":\"P9999D\"}")
        .post("/v1/keys")
        .then()
        .statusCode(400);
  }

  @Test
  void should_refuse_an_expired_key() {
    String credential = TestKeys.key(Roles.SEARCH, "ingest:expired-" + System.nanoTime());
    Sql.execute(
        "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '"
            + TestKeys.idOf(credential)
            + "'");
    RestAssured.given()
        .header("Authorization", "Bearer " + credential)
        .get("/v1/chunks/{id}", "00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(401)
        .body("detail", equalTo("API key expired"));
  }
}
