package io.tributary.it;

import static io.tributary.it.IngestAndSearchIT.newSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writers racing with one record id and version but different content, as concurrent HTTP batches
 * against the real PostgreSQL: under {@code equal-version: reject} exactly one wins and the others
 * are conflicts with both hashes dead-lettered; under {@code replace} all succeed and the stored
 * chunks are exactly one writer's, never a mix.
 */
@QuarkusTest
class EqualVersionIT {

  static final int WRITERS = 6;
  static final ObjectMapper JSON = new ObjectMapper();

  @Inject Db db;

  @TestHTTPResource("/")
  URL base;

  private final List<Path> cleanup = new ArrayList<>();

  @AfterEach
  void deleteSourceFiles() throws IOException {
    for (Path file : cleanup) {
      Files.deleteIfExists(file);
    }
    cleanup.clear();
  }

  /** Writer k's text: 12 + 2k sentences that all name the writer, so a mix of writers shows. */
  private static String text(int writer) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12 + 2 * writer; i++) {
      sb.append("Writer")
          .append(writer)
          .append(" sentence ")
          .append(i)
          .append(" describes how the escalation workflow routes ticket number ")
          .append(i)
          .append(". ");
    }
    return sb.toString();
  }

  /** Fires one single-record batch per writer at once; returns each writer's result object. */
  private List<JsonNode> race(String source) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = base.toURI().resolve("v1/sources/" + source + "/records");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int k = 0; k < WRITERS; k++) {
        String body = "{\"records\":[{\"id\":\"V-1\",\"version\":3,\"text\":\"" + text(k) + "\"}]}";
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  HttpResponse<String> r =
                      http.send(
                          HttpRequest.newBuilder(uri)
                              .header("Authorization", "Bearer " + TestKeys.all())
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                  return JSON.readTree(r.body()).path("results").get(0);
                }));
      }
      start.countDown();
      List<JsonNode> results = new ArrayList<>();
      for (Future<JsonNode> a : answers) {
        results.add(a.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private String mine(String source) {
    return "source = '" + source + "' AND external_id = 'V-1'";
  }

  /** The one writer whose text every stored chunk carries; fails on a mix or on orphans. */
  private int storedWriter(String source) {
    List<String> texts =
        db.strings("SELECT text FROM chunks WHERE " + mine(source) + " ORDER BY ordinal");
    assertThat(texts).isNotEmpty();
    int writer = Integer.parseInt(texts.get(0).replaceAll("(?s)^.*?Writer(\\d+).*$", "$1"));
    assertThat(texts)
        .allMatch(
            t ->
                t.contains("Writer" + writer + " ")
                    && !t.matches("(?s).*Writer(?!" + writer + " )\\d+ .*"));
    assertThat(db.count("SELECT chunk_count FROM records WHERE " + mine(source)))
        .isEqualTo(texts.size());
    String hash = db.strings("SELECT content_hash FROM records WHERE " + mine(source)).get(0);
    assertThat(
            db.strings(
                "SELECT DISTINCT provenance->>'contentHash' FROM chunks WHERE " + mine(source)))
        .containsExactly(hash);
    assertThat(
            db.count("SELECT count(*) - count(DISTINCT ordinal) FROM chunks WHERE " + mine(source)))
        .isZero();
    return writer;
  }

  @Test
  void should_index_exactly_one_of_concurrent_writers_of_one_version_and_dead_letter_the_others()
      throws Exception {
    String source = newSource();
    List<JsonNode> results = race(source);

    List<Integer> winners = new ArrayList<>();
    for (int k = 0; k < WRITERS; k++) {
      if (results.get(k).path("status").asText().equals("indexed")) {
        winners.add(k);
      }
    }
    assertThat(winners).hasSize(1);
    assertThat(results)
        .filteredOn(r -> !r.path("status").asText().equals("indexed"))
        .hasSize(WRITERS - 1)
        .allSatisfy(
            r -> {
              assertThat(r.path("status").asText()).isEqualTo("conflict");
              assertThat(r.path("chunks").asInt()).isZero();
              assertThat(r.path("error").asText())
                  .startsWith("version 3 already stored with different content (stored ");
            });
    int winner = winners.get(0);
    assertThat(storedWriter(source)).isEqualTo(winner);
    assertThat(db.count("SELECT chunk_count FROM records WHERE " + mine(source)))
        .isEqualTo(results.get(winner).path("chunks").asLong());

    String stored = db.strings("SELECT content_hash FROM records WHERE " + mine(source)).get(0);
    List<String> reasons =
        db.strings(
            "SELECT reason FROM dead_letters WHERE source = '"
                + source
                + "' AND record_id = 'V-1' AND stage = 'STORE'");
    assertThat(reasons)
        .hasSize(WRITERS - 1)
        .allMatch(r -> r.contains("stored " + stored.substring(0, 12) + ", incoming "));
    assertThat(reasons.stream().map(r -> r.replaceAll("^.*incoming (\\w+)\\)$", "$1")).distinct())
        .hasSize(WRITERS - 1)
        .noneMatch(h -> stored.startsWith(h));
    assertThat(
            db.strings(
                "SELECT detail->>'storedHash' FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'ingest.conflict'"))
        .hasSize(WRITERS - 1)
        .containsOnly(stored);
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'ingest.indexed'"))
        .isEqualTo(1);
  }

  @Test
  void should_let_every_concurrent_writer_succeed_and_store_one_whole_content_under_replace()
      throws Exception {
    String source = newSource();
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("tributary.sources.dir", String.class))
            .resolve(source + ".yaml");
    cleanup.add(file);
    Files.writeString(file, "equal-version: replace\n");

    List<JsonNode> results = race(source);

    assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("indexed"));
    int winner = storedWriter(source);
    assertThat(db.count("SELECT chunk_count FROM records WHERE " + mine(source)))
        .isEqualTo(results.get(winner).path("chunks").asLong());
    assertThat(db.count("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'"))
        .isZero();
  }
}
