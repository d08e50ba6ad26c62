package io.tributary.it;

import static io.restassured.RestAssured.given;
import static io.tributary.it.IngestAndSearchIT.newSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.api.Roles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas over HTTP with tiny limits: 30 requests a minute (one every 2 s), 5 at once, and 3000
 * ingested characters a minute (50 a second). Until authentication lands every caller here is
 * anonymous, so a caller is its remote address: each test sends from its own loopback address
 * (127.0.0.2, .3, ...), which keeps the tests apart and shows that one caller's quota is not
 * another's. Keying by identity is covered by {@code api.QuotasTest}.
 *
 * <p>The packaged service runs as a child process with the limits in its environment: a Quarkus
 * test profile would start a second application in the test JVM, where the embedding model's native
 * tokenizer library, already loaded by the first application's class loader, cannot load again
 * (UnsatisfiedLinkError).
 */
class QuotaIT {

  private static final String PROBLEM = "application/problem+json";
  private static final int BURST = 5;
  private static final int CHARS_PER_MINUTE = 3000;

  private static ServiceProcess service;

  @BeforeAll
  static void start() throws Exception {
    service =
        ServiceProcess.start(
            "quota",
            Map.of(
                "TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE",
                "30",
                "TRIBUTARY_QUOTA_REQUEST_BURST",
                String.valueOf(BURST),
                "TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE",
                String.valueOf(CHARS_PER_MINUTE),
                "TRIBUTARY_KAFKA_ENABLED",
                "false"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (service != null) {
      service.close();
    }
  }

  /** A request sent from this loopback address, so the service sees it as that caller. */
  private static RequestSpecification from(String address) {
    InetAddress local;
    try {
      local = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return given()
        .header("Authorization", "Bearer " + keyOf(address))
        .baseUri("http://127.0.0.1")
        .port(service.port())
        .config(
            RestAssured.config()
                .httpClient(
                    HttpClientConfig.httpClientConfig()
                        .setParam("http.route.local-address", local)));
  }

  /** The caller at this address: its own key (quotas count per identity). */
  private static String keyOf(String address) {
    return TestKeys.key(Roles.INGEST, Roles.OPERATOR, Roles.ingestOf("quota-caller-" + address));
  }

  /** Sends requests until the first 429 (at most 20) and returns it. */
  private static Response exhaust(String address) {
    long start = System.nanoTime();
    int accepted = 0;
    for (int i = 0; i < 20; i++) {
      Response r = from(address).get("/v1/sources");
      if (r.statusCode() == 429) {
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(accepted)
            .as("the burst, and one more per 2 s that passed (%.1f s)", seconds)
            .isBetween(BURST, BURST + (int) (seconds / 2) + 1);
        return r;
      }
      assertThat(r.statusCode()).isEqualTo(200);
      accepted++;
    }
    throw new AssertionError("20 requests and no 429");
  }

  private static long retryAfter(Response r) {
    String header = r.header("Retry-After");
    assertThat(header).as("Retry-After, whole seconds").matches("[1-9][0-9]*");
    return Long.parseLong(header);
  }

  @Test
  void should_answer_429_problem_with_an_honest_retry_after_past_the_request_burst()
      throws InterruptedException {
    Response refused = exhaust("127.0.0.2");
    refused
        .then()
        .contentType(PROBLEM)
        .body("status", equalTo(429))
        .body("title", equalTo("Too many requests"))
        .body("detail", containsString("30 requests a minute, 5 at once"));
    long wait = retryAfter(refused);
    assertThat(wait).as("one token every 2 s").isBetween(1L, 2L);
    Thread.sleep(wait * 1000);
    from("127.0.0.2").get("/v1/sources").then().statusCode(200);
  }

  @Test
  void should_leave_other_callers_and_health_alone_when_one_caller_is_refused() {
    exhaust("127.0.0.3");
    from("127.0.0.4").get("/v1/sources").then().statusCode(200);
    for (int i = 0; i < 2 * BURST; i++) {
      from("127.0.0.3").get("/q/health/live").then().statusCode(200);
    }
  }

  /** A batch of records whose texts are each about {@code textChars} characters. */
  @Test
  void should_refuse_over_the_request_quota_before_reading_the_body() throws IOException {
    exhaust("127.0.0.7");
    try (Socket socket =
        new Socket(
            InetAddress.getByName("127.0.0.1"),
            service.port(),
            InetAddress.getByName("127.0.0.7"),
            0)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/sources/"
                      + newSource()
                      + "/records HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                      + keyOf("127.0.0.7")
                      + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      BufferedReader answer =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(answer.readLine())
          .as("answered while 50 MB of body are still unsent")
          .startsWith("HTTP/1.1 429");
    }
  }

  private static String batch(String prefix, int records, int textChars) {
    String words = "quota words " + prefix + " ";
    return IntStream.range(0, records)
        .mapToObj(
            i ->
                "{\"id\":\""
                    + prefix
                    + i
                    + "\",\"text\":\""
                    + words.repeat(textChars / words.length())
                    + "\"}")
        .collect(Collectors.joining(",", "{\"records\":[", "]}"));
  }

  private static long stored(String source, String idPrefix) {
    return Sql.count(
        "SELECT count(*) FROM records WHERE source = '"
            + source
            + "' AND external_id LIKE '"
            + idPrefix
            + "%'");
  }

  @Test
  void should_refuse_a_batch_over_the_ingest_quota_whole_and_store_nothing_of_it() {
    String source = newSource();
    String first = batch("a", 4, 670);
    String second = batch("b", 4, 670);
    assertThat(first.length() + second.length()).isGreaterThan(CHARS_PER_MINUTE + 2000);
    long start = System.nanoTime(); // the first batch is charged as it arrives
    from("127.0.0.5")
        .contentType(ContentType.JSON)
        .body(first)
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);

    Response refused =
        from("127.0.0.5")
            .contentType(ContentType.JSON)
            .body(second)
            .post("/v1/sources/{s}/records", source);
    double elapsed = (System.nanoTime() - start) / 1e9;
    refused
        .then()
        .statusCode(429)
        .contentType(PROBLEM)
        .body("status", equalTo(429))
        .body("title", equalTo("Ingest quota exceeded"))
        .body("detail", containsString("nothing of it was ingested"));
    long missing = second.length() - (CHARS_PER_MINUTE - first.length());
    assertThat(retryAfter(refused))
        .as(
            "%d characters short at 50 a second, at most %.1f s after the first batch",
            missing, elapsed)
        .isBetween(
            (long) Math.ceil(missing / 50.0 - elapsed) - 1, (long) Math.ceil(missing / 50.0));
    assertThat(stored(source, "b")).as("nothing of the refused batch").isZero();
    assertThat(stored(source, "a")).isEqualTo(4);

    String small = batch("c", 1, 100);
    assertThat(small.length()).isLessThan(CHARS_PER_MINUTE - first.length());
    from("127.0.0.5")
        .contentType(ContentType.JSON)
        .body(small)
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200);
    assertThat(stored(source, "c")).as("the refusal charged nothing").isEqualTo(1);

    from("127.0.0.5")
        .contentType(ContentType.JSON)
        .body(batch("d", 8, 500))
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(413)
        .contentType(PROBLEM)
        .body("detail", containsString("a caller may ingest 3000 a minute"));
    assertThat(stored(source, "d")).isZero();
  }

  @Test
  void should_charge_documents_by_their_size_and_refuse_one_over_the_quota_unstored() {
    String source = newSource();
    // every character read counts, even of a body refused as malformed: 2000 of 3000 spent at once
    from("127.0.0.6")
        .contentType(ContentType.JSON)
        .body("x".repeat(2000))
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(400);
    byte[] large = "Minutes of the quota meeting. ".repeat(40).getBytes(StandardCharsets.UTF_8);
    assertThat(large.length).isEqualTo(1200);
    Response refused =
        from("127.0.0.6")
            .contentType("text/plain")
            .body(large)
            .post("/v1/sources/{s}/documents?id=large.txt", source);
    refused.then().statusCode(429).contentType(PROBLEM).body("status", equalTo(429));
    assertThat(retryAfter(refused)).as("200 short at 50 a second").isBetween(1L, 4L);
    assertThat(stored(source, "large")).isZero();

    byte[] small = "Minutes of the quota meeting. ".repeat(15).getBytes(StandardCharsets.UTF_8);
    from("127.0.0.6")
        .multiPart("file", "one.txt", small, "text/plain")
        .multiPart("file", "two.txt", small, "text/plain")
        .post("/v1/sources/{s}/documents", source)
        .then()
        .statusCode(200)
        .body("results.status", equalTo(List.of("indexed", "indexed")));
    assertThat(stored(source, "")).as("the two small files, not the large one").isEqualTo(2);
  }
}
