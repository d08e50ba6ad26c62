package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in encrypted originals: an HTTP record and an upload are reindexed under a changed policy
 * from their AES-GCM originals, and no planted raw value is readable anywhere in the database
 * (every text, bytea, json, jsonb and text[] column of every table) before or after.
 */
@QuarkusTest
@TestProfile(EncryptedOriginalsIT.Originals.class)
class EncryptedOriginalsIT {

  /** The service with encrypted originals on, under a test-only key. */
  public static class Originals implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "tributary.originals.enabled",
          "true",
          "tributary.originals.keys",
          "itk2:"
              + Base64.getEncoder().encodeToString("it-only-originals-key-0123456789".getBytes()));
    }
  }

  @Inject Db db;
  Path policy;

  @AfterEach
  void removePolicy() throws Exception {
    if (policy != null) {
      Files.deleteIfExists(policy);
    }
  }

  private static final List<String> CANARIES =
      List.of("canary.k3q@example.com", "canary.f9z@example.com", "canary.u5w@example.com");

  /** Where a canary is readable: table.column, for every column that can hold text. */
  private List<String> canaryHits() {
    List<String> hits = new ArrayList<>();
    List<String> columns =
        db.strings(
            "SELECT table_name || '.' || column_name || '.' || data_type FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND"
                + " data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json',"
                + " 'ARRAY') ORDER BY 1");
    assertThat(columns).hasSizeGreaterThan(30);
    for (String c : columns) {
      String[] p = c.split("\\.");
      String col = "\"" + p[1] + "\"";
      for (String canary : CANARIES) {
        String match =
            p[2].equals("bytea")
                ? "position(convert_to('" + canary + "', 'UTF8') in " + col + ") > 0"
                : col + "::text ILIKE '%" + canary + "%'";
        if (db.count("SELECT count(*) FROM \"" + p[0] + "\" WHERE " + match) > 0) {
          hits.add(p[0] + "." + p[1] + " holds " + canary);
        }
      }
    }
    return hits;
  }

  @Test
  void should_reindex_http_records_and_uploads_from_encrypted_originals_and_leak_no_raw_value()
      throws Exception {
    String source = "k-orig-" + UUID.randomUUID().toString().substring(0, 8);
    String mine = "source = '" + source + "'";
    Retrieval.ingest(
        source,
        "{\"id\":\"H1\",\"text\":\"Write to "
            + CANARIES.get(0)
            + " about the invoice.\"},{\"id\":\"H2\",\"fields\":{\"owner\":\""
            + CANARIES.get(1)
            + "\",\"topic\":\"contract renewal\"}}");
    given()
        .multiPart(
            "file",
            "note.txt",
            ("Upload note: forward the draft to " + CANARIES.get(2) + " today.")
                .getBytes(StandardCharsets.UTF_8),
            "text/plain")
        .post("/v1/sources/{s}/documents?id=U1", source)
        .then()
        .statusCode(200);
    assertThat(db.strings("SELECT key_id FROM record_originals WHERE " + mine + " ORDER BY 1"))
        .containsExactly("itk2", "itk2", "itk2");
    assertThat(canaryHits()).isEmpty();

    // The policy changes: e-mail addresses become keyed pseudonyms; only originals can do that.
    policy = Path.of("config/sources", source + ".yaml");
    Files.writeString(policy, "entities: {EMAIL: hash}\n");
    int id =
        given()
            .contentType(ContentType.JSON)
            .body("{\"type\":\"reindex\",\"source\":\"" + source + "\"}")
            .post("/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> given().get("/v1/jobs/{id}", id).then().body("state", equalTo("succeeded")));
    given()
        .get("/v1/jobs/{id}", id)
        .then()
        .body("counts.selected", equalTo(3))
        .body("counts.fromOriginal", equalTo(3))
        .body("counts.indexed", equalTo(3))
        .body("needsResend", equalTo(List.of()));
    assertThat(db.strings("SELECT text FROM chunks WHERE " + mine))
        .isNotEmpty()
        .allMatch(t -> !t.contains("@example.com"))
        .anyMatch(t -> t.contains("[EMAIL:"));
    assertThat(canaryHits()).isEmpty();
  }
}
