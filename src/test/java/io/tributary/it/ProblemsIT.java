package io.tributary.it;

import static io.tributary.it.IngestAndSearchIT.newSource;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is problem+json with the right status, including those Vert.x would answer before
 * any resource runs (body, header and request-line limits), and no over-size body is read whole.
 * Limits in force: body 64M, headers 20480 bytes, request line 8192 bytes, JSON nesting 100, JSON
 * strings 4194304 characters, document files 52428800 bytes.
 */
@QuarkusTest
class ProblemsIT {

  private static final String PROBLEM = "application/problem+json";
  private static final long MB = 1024 * 1024;

  @TestHTTPResource("/")
  URL base;

  private static ValidatableResponse isProblem(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType(PROBLEM)
        .body("status", equalTo(status))
        .body("title", not(emptyOrNullString()))
        .body("detail", not(emptyOrNullString()));
  }

  private static String nested(int depth) {
    return "{\"records\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  @Test
  void should_answer_400_problem_when_json_nests_2000_deep() {
    isProblem(
            given()
                .contentType(ContentType.JSON)
                .body(nested(2000))
                .post("/v1/sources/{s}/records", newSource())
                .then(),
            400)
        .body("detail", containsString("nesting depth"));
    isProblem(
            given()
                .contentType(ContentType.JSON)
                .body("{\"query\":\"x\",\"filter\":" + nested(2000) + "}")
                .post("/v1/search")
                .then(),
            400)
        .body("detail", containsString("nesting depth"));
  }

  @Test
  void should_answer_400_problem_for_a_60_mb_string_without_echoing_it() {
    String secret = "s3cr3t-";
    String body =
        "{\"records\":[{\"id\":\"big\",\"text\":\"" + secret + "a".repeat(60_000_000) + "\"}]}";
    isProblem(
            given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/sources/{s}/records", newSource())
                .then(),
            400)
        .body("detail", containsString("4194304"))
        .body("detail", not(containsString(secret)));
  }

  @Test
  void should_reject_a_record_over_the_record_limit_alone_and_index_its_neighbour() {
    String source = newSource();
    String body =
        "{\"records\":[{\"id\":\"small\",\"text\":\"A short note about invoices.\"},"
            + "{\"id\":\"large\",\"text\":\""
            + "b".repeat(2_000_000)
            + "\"}]}";
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/sources/{s}/records", source)
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"))
        .body("results[1].status", equalTo("rejected"));
  }

  @Test
  void should_answer_400_problem_naming_the_property_when_a_number_comes_as_a_string_or_fraction() {
    for (String topK : new String[] {"\"5\"", "5.7"}) {
      isProblem(
              given()
                  .contentType(ContentType.JSON)
                  .body("{\"query\":\"invoices\",\"topK\":" + topK + "}")
                  .post("/v1/search")
                  .then(),
              400)
          .body("detail", containsString("'topK'"))
          .body("detail", containsString("integer"));
    }
    isProblem(
            given()
                .contentType(ContentType.JSON)
                .body("{\"query\":\"invoices\",\"minScore\":\"0.5\"}")
                .post("/v1/search")
                .then(),
            400)
        .body("detail", containsString("'minScore'"));
    isProblem(
            given()
                .contentType(ContentType.JSON)
                .body("{\"query\":\"invoices\",\"topK\":\"Ada\"}")
                .post("/v1/search")
                .then(),
            400)
        .body("detail", not(containsString("Ada")));
    given()
        .contentType(ContentType.JSON)
        .body("{\"query\":\"invoices\",\"topK\":5}")
        .post("/v1/search")
        .then()
        .statusCode(200);
  }

  @Test
  void should_answer_431_and_414_problems_for_headers_and_request_line_over_the_limits() {
    isProblem(given().header("X-Padding", "h".repeat(30_000)).get("/q/health/live").then(), 431);
    isProblem(given().queryParam("q", "u".repeat(10_000)).get("/v1/search").then(), 414);
  }

  @Test
  void should_answer_404_405_415_and_406_problems() {
    isProblem(given().get("/v1/no-such-route").then(), 404);
    isProblem(given().contentType(ContentType.JSON).body("{}").put("/v1/search").then(), 405);
    isProblem(given().contentType(ContentType.TEXT).body("x").post("/v1/search").then(), 415);
    isProblem(
        given()
            .contentType(ContentType.JSON)
            .accept("text/csv")
            .body("{\"query\":\"x\"}")
            .post("/v1/search")
            .then(),
        406);
  }

  @Test
  void should_answer_413_problem_before_reading_a_body_declared_over_the_limit()
      throws IOException {
    String source = newSource();
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/sources/"
                  + source
                  + "/records HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + TestKeys.all()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + 200 * MB
                  + "\r\n\r\n{\"records\":[")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Answer answer = Answer.read(socket.getInputStream());
      answer.assertProblem(413, "the limit is " + 64 * MB);
    }
  }

  @Test
  void should_answer_413_problem_while_a_chunked_body_over_the_limit_streams() throws Exception {
    Streamed records =
        streamChunked("/v1/sources/" + newSource() + "/records", "application/json", 200 * MB);
    records.answer.assertProblem(413, "over the limit of " + 64 * MB);
    assertThat(records.sent).as("stopped well before the whole body was sent").isLessThan(200 * MB);
  }

  @Test
  void should_answer_413_problem_for_a_raw_document_once_it_passes_the_file_limit()
      throws Exception {
    Streamed upload =
        streamChunked(
            "/v1/sources/" + newSource() + "/documents?id=huge.bin",
            "application/octet-stream",
            200 * MB);
    upload.answer.assertProblem(413, "over the limit of 52428800");
    assertThat(upload.answer.json.path("title").asText()).isEqualTo("File too large");
    assertThat(upload.sent).isLessThan(200 * MB);
  }

  // --- raw HTTP/1.1: RestAssured cannot send a body it does not hold, nor read an answer
  // mid-upload

  private Socket connect() throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(60_000);
    return socket;
  }

  private record Streamed(Answer answer, long sent) {}

  /**
   * Sends {@code total} bytes chunked, 1 MiB a chunk, until the server answers or the bytes run
   * out.
   */
  private Streamed streamChunked(String path, String contentType, long total) throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + TestKeys.all()
                  + "\r\nContent-Type: "
                  + contentType
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[(int) MB];
                Arrays.fill(chunk, (byte) 'a');
                byte[] head =
                    (Integer.toHexString(chunk.length) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                try {
                  while (sent.get() < total && !Thread.currentThread().isInterrupted()) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(chunk.length);
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException closedByServer) {
                  // expected: the server answered and closed the connection mid-upload
                }
              });
      writer.start();
      Answer answer = Answer.read(in);
      writer.interrupt();
      writer.join(10_000);
      return new Streamed(answer, sent.get());
    }
  }

  private record Answer(int status, Map<String, String> headers, JsonNode json) {

    static Answer read(InputStream in) throws IOException {
      String statusLine = line(in);
      while (statusLine.startsWith("HTTP/1.1 100")) { // a 100 Continue, then the real answer
        line(in);
        statusLine = line(in);
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
      return new Answer(status, headers, new ObjectMapper().readTree(body));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed before a full answer");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    void assertProblem(int expected, String detailPart) {
      assertThat(status).isEqualTo(expected);
      assertThat(headers.get("content-type")).isEqualTo(PROBLEM);
      assertThat(json.path("status").asInt()).isEqualTo(expected);
      assertThat(json.path("detail").asText()).contains(detailPart);
    }
  }
}
