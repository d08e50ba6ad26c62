package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in encrypted originals, on the packaged service ({@link ServiceProcess}; a second Quarkus
 * profile cannot start in the test JVM): an HTTP record and an upload are reindexed under a changed
 * policy from their AES-GCM originals, and no planted raw value is readable anywhere in the
 * database (every text, bytea, json, jsonb and array column of every table the service may read)
 * before or after.
 */
class EncryptedOriginalsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  Path policy;

  @AfterEach
  void removePolicy() throws Exception {
    if (policy != null) {
      Files.deleteIfExists(policy);
    }
  }

  private static HttpResponse<String> post(
      ServiceProcess s, String path, String contentType, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .header("Authorization", "Bearer " + TestKeys.all())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(120))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final List<String> CANARIES =
      List.of("canary.k3q@example.com", "canary.f9z@example.com", "canary.u5w@example.com");

  /** Where a canary is readable: table.column, for every column that can hold text. */
  private List<String> canaryHits() {
    List<String> hits = new ArrayList<>();
    Set<String> columns =
        Sql.strings(
            "SELECT table_name || '.' || column_name || '.' || data_type FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND"
                + " data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json',"
                + " 'ARRAY') AND has_table_privilege(quote_ident(table_schema) || '.' ||"
                + " quote_ident(table_name), 'SELECT') ORDER BY 1");
    assertThat(columns).hasSizeGreaterThan(30);
    for (String c : new java.util.TreeSet<>(columns)) {
      String[] p = c.split("\\.");
      String col = "\"" + p[1] + "\"";
      for (String canary : CANARIES) {
        String match =
            p[2].equals("bytea")
                ? "position(convert_to('" + canary + "', 'UTF8') in " + col + ") > 0"
                : col + "::text ILIKE '%" + canary + "%'";
        if (Sql.count("SELECT count(*) FROM \"" + p[0] + "\" WHERE " + match) > 0) {
          hits.add(p[0] + "." + p[1] + " holds " + canary);
        }
      }
    }
    return hits;
  }

  @Test
  void should_reindex_http_records_and_uploads_from_encrypted_originals_and_leak_no_raw_value()
      throws Exception {
    String source = KafkaSources.PREFIX + "-orig-" + UUID.randomUUID().toString().substring(0, 8);
    String mine = "source = '" + source + "'";
    Map<String, String> env =
        Map.of(
            "TRIBUTARY_KAFKA_SOURCES",
            "none-" + source,
            "TRIBUTARY_ORIGINALS_ENABLED",
            "true",
            "TRIBUTARY_ORIGINALS_KEYS",
            "itk2:"
                + Base64.getEncoder().encodeToString("it-only-originals-key-0123456789".getBytes())
                + ",itk1:"
                + Base64.getEncoder().encodeToString(new byte[16]));
    try (ServiceProcess service = ServiceProcess.start("originals", env)) {
      String records =
          "{\"records\":[{\"id\":\"H1\",\"text\":\"Write to "
              + CANARIES.get(0)
              + " about the invoice.\"},{\"id\":\"H2\",\"fields\":{\"owner\":\""
              + CANARIES.get(1)
              + "\",\"topic\":\"contract renewal\"}}]}";
      assertThat(
              post(
                      service,
                      "/v1/sources/" + source + "/records",
                      "application/json",
                      records.getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(200);
      String boundary = "----tributary" + UUID.randomUUID();
      String multipart =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
              + "Content-Type: text/plain\r\n\r\nUpload note: forward the draft to "
              + CANARIES.get(2)
              + " today.\r\n--"
              + boundary
              + "--\r\n";
      HttpResponse<String> uploaded =
          post(
              service,
              "/v1/sources/" + source + "/documents?id=U1",
              "multipart/form-data; boundary=" + boundary,
              multipart.getBytes(StandardCharsets.UTF_8));
      assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM record_originals WHERE "
                      + mine
                      + " AND key_id ="
                      + " 'itk2'"))
          .isEqualTo(3);
      assertThat(canaryHits()).isEmpty();

      // The policy changes: e-mail addresses become keyed pseudonyms; only originals can do that.
      policy = Path.of("config/sources", source + ".yaml");
      Files.writeString(policy, "entities: {EMAIL: hash}\n");
      HttpResponse<String> started =
          post(
              service,
              "/v1/jobs",
              "application/json",
              ("{\"type\":\"reindex\",\"source\":\"" + source + "\"}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      long job = Sql.count("SELECT max(id) FROM jobs WHERE " + mine);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> Sql.strings("SELECT status FROM jobs WHERE id = " + job).contains("succeeded"));
      String counts = service.get("/v1/jobs/" + job);
      assertThat(counts)
          .contains("\"selected\":3")
          .contains("\"fromOriginal\":3")
          .contains("\"indexed\":3")
          .contains("\"needsResend\":[]");
    }
    Set<String> texts = Sql.strings("SELECT text FROM chunks WHERE " + mine);
    assertThat(texts)
        .isNotEmpty()
        .allMatch(t -> !t.contains("@example.com"))
        .anyMatch(t -> t.contains("[EMAIL:"));
    assertThat(canaryHits()).isEmpty();
  }
}
