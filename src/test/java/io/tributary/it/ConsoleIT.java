package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tributary.api.Roles;
import io.tributary.auth.ConsoleSessions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator console through HTTP as a browser uses it: login sets a session cookie that works on
 * /console only; forms need the session's CSRF token; each page checks its role; actions are
 * audited; pages carry a Content-Security-Policy.
 */
@QuarkusTest
class ConsoleIT {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private record Session(String cookie, String csrf) {}

  private static Session login(String key) {
    Response r =
        RestAssured.given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("key", key)
            .post("/console/login");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.header("Location")).endsWith("/console");
    String setCookie = r.header("Set-Cookie");
    assertThat(setCookie)
        .contains("HttpOnly")
        .contains("Secure")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Path=/console");
    String cookie = r.getCookie(ConsoleSessions.COOKIE);
    String page = page(cookie, "/console").body().asString();
    Matcher m = CSRF.matcher(page);
    assertThat(m.find()).as("the page carries a CSRF token").isTrue();
    return new Session(cookie, m.group(1));
  }

  private static Response page(String cookie, String path) {
    return RestAssured.given()
        .redirects()
        .follow(false)
        .cookie(ConsoleSessions.COOKIE, cookie)
        .get(path);
  }

  private static Response post(Session s, String path, String csrf, Object... fields) {
    var spec =
        RestAssured.given()
            .redirects()
            .follow(false)
            .cookie(ConsoleSessions.COOKIE, s.cookie())
            .contentType("application/x-www-form-urlencoded");
    if (csrf != null) {
      spec = spec.formParam("_csrf", csrf);
    }
    for (int i = 0; i < fields.length; i += 2) {
      spec = spec.formParam((String) fields[i], fields[i + 1]);
    }
    return spec.post(path);
  }

  @Test
  void should_send_an_anonymous_browser_to_the_login_page_and_refuse_bad_keys() {
    Response r = RestAssured.given().redirects().follow(false).get("/console/sources");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.header("Location")).endsWith("/console/login");

    Response form = RestAssured.given().get("/console/login");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.header("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(form.body().asString())
        .contains("name=\"key\"")
        .doesNotContain("http://", "https://");

    Response bad =
        RestAssured.given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("key", "trb_nope_notakey")
            .post("/console/login");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.getCookie(ConsoleSessions.COOKIE)).isNull();
  }

  @Test
  void should_offer_no_identity_provider_login_without_a_console_client() {
    // The test profile has an issuer but no tributary.auth.console-client-id: API keys only.
    assertThat(RestAssured.given().get("/console/login").body().asString())
        .doesNotContain("login-oidc");
    RestAssured.given().redirects().follow(false).get("/console/login/oidc").then().statusCode(404);
    Response callback =
        RestAssured.given()
            .redirects()
            .follow(false)
            .cookie("tributary_console_login", "s")
            .get("/console/login/oidc/callback?state=s&code=c");
    assertThat(callback.statusCode()).isEqualTo(401);
    assertThat(callback.getCookie(ConsoleSessions.COOKIE)).isNull();
  }

  @Test
  void should_refuse_an_ingest_only_key_and_pages_beyond_a_callers_roles() {
    Response ingestOnly =
        RestAssured.given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("key", TestKeys.key(Roles.INGEST))
            .post("/console/login");
    assertThat(ingestOnly.statusCode()).isEqualTo(403);
    assertThat(ingestOnly.getCookie(ConsoleSessions.COOKIE)).isNull();
    // and with the key in a header instead of a session: 403 on every page
    for (String path :
        new String[] {"/console", "/console/sources", "/console/search", "/console/audit"}) {
      assertThat(
              RestAssured.given()
                  .header("Authorization", "Bearer " + TestKeys.key(Roles.INGEST))
                  .get(path)
                  .statusCode())
          .as(path)
          .isEqualTo(403);
    }

    Session searcher = login(TestKeys.key(Roles.SEARCH));
    assertThat(page(searcher.cookie(), "/console/search").statusCode()).isEqualTo(200);
    for (String path :
        new String[] {
          "/console/sources", "/console/dead-letters", "/console/jobs", "/console/audit"
        }) {
      assertThat(page(searcher.cookie(), path).statusCode()).as(path).isEqualTo(403);
    }
    Response as =
        post(searcher, "/console/search", searcher.csrf(), "q", "anything", "principals", "alice");
    assertThat(as.statusCode()).as("searching as others needs operator").isEqualTo(403);
  }

  @Test
  void should_honour_the_session_cookie_on_the_console_only_and_require_the_csrf_token() {
    Session s = login(TestKeys.all());
    Response sources = page(s.cookie(), "/console/sources");
    assertThat(sources.statusCode()).isEqualTo(200);
    assertThat(sources.header("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(sources.header("Cache-Control")).isEqualTo("no-store");

    // the cookie is no credential for the API
    assertThat(
            RestAssured.given()
                .cookie(ConsoleSessions.COOKIE, s.cookie())
                .get("/v1/sources")
                .statusCode())
        .isEqualTo(401);

    assertThat(post(s, "/console/audit/verify", null).statusCode()).isEqualTo(403);
    assertThat(post(s, "/console/audit/verify", "wrong-token").statusCode()).isEqualTo(403);
    Response verified = post(s, "/console/audit/verify", s.csrf());
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.body().asString()).contains("Chain intact");

    // logout ends the session
    assertThat(post(s, "/console/logout", s.csrf()).statusCode()).isEqualTo(303);
    assertThat(page(s.cookie(), "/console/sources").statusCode()).isEqualTo(303);

    String actor = TestKeys.actor();
    var actions =
        given()
            .queryParam("actor", actor)
            .queryParam("limit", 500)
            .get("/v1/audit")
            .jsonPath()
            .getList("entries.action", String.class);
    assertThat(actions).contains("console.login", "audit.verify", "console.logout");
  }

  @Test
  void should_search_as_chosen_principals_with_provenance_badges_and_a_context_block() {
    String source = Retrieval.newSource("console");
    String alice = source + "-alice";
    Retrieval.ingest(
        source,
        "{\"id\":\"C-1\",\"text\":\"Pump valve pressure note. Customer mail jane.roe@example.com\","
            + "\"acl\":[\""
            + alice
            + "\"]},"
            + "{\"id\":\"C-2\",\"text\":\"Pump valve pressure note for bob only\","
            + "\"acl\":[\""
            + source
            + "-bob\"]}");
    Session s = login(TestKeys.all());
    Response r =
        post(
            s,
            "/console/search",
            s.csrf(),
            "q",
            "pump valve pressure",
            "mode",
            "hybrid",
            "topK",
            "5",
            "principals",
            alice);
    assertThat(r.statusCode()).isEqualTo(200);
    String html = r.body().asString();
    assertThat(html)
        .contains(source)
        .contains("C-1")
        .doesNotContain("C-2")
        .doesNotContain("jane.roe@example.com")
        .contains("class=\"badge\"")
        .contains("class=\"score\"")
        .contains("id=\"context\"")
        .contains("[1] " + source + " / C-1");
  }

  @Test
  void should_start_follow_and_cancel_a_reindex_and_answer_dead_letter_actions() {
    String source = Retrieval.newSource("consolejob");
    Retrieval.ingest(source, "{\"id\":\"J-1\",\"text\":\"a record to reindex\"}");
    Session s = login(TestKeys.all());
    Response started = post(s, "/console/jobs", s.csrf(), "source", source);
    assertThat(started.statusCode()).isEqualTo(303);
    String location = started.header("Location");
    assertThat(location).matches(".*/console/jobs/\\d+");
    String path = location.substring(location.indexOf("/console/"));
    assertThat(page(s.cookie(), path).body().asString()).contains("<progress");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> page(s.cookie(), path + "/progress").jsonPath().getBoolean("finished"));
    Response p = page(s.cookie(), path + "/progress");
    assertThat(p.jsonPath().getInt("percent")).isEqualTo(100);
    assertThat(post(s, path + "/cancel", s.csrf()).statusCode())
        .as("a finished job cannot be cancelled")
        .isEqualTo(409);

    assertThat(post(s, "/console/dead-letters/999999999/replay", s.csrf()).statusCode())
        .isEqualTo(404);
    Response noReason = post(s, "/console/dead-letters/999999999/discard", s.csrf(), "reason", "");
    assertThat(noReason.statusCode()).isEqualTo(400);
  }
}
