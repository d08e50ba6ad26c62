package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The index's life, measured on a running service (scripts/bench-index.sh): re-embedding a source
 * with a cold and a warm embedding cache, and a generation build, switch and rollback at a given
 * number of chunks. Writes a Markdown report.
 *
 * <p>Re-embed: support tickets are ingested, then the {@code reembed} job ({@code all}: every chunk
 * from its kept redacted text, no re-send) runs twice: once after the serving model's cache entries
 * of those texts were deleted (cold: every vector computed), once right after (warm: every vector
 * from the cache). Switch: the chunk table is topped up with synthetic chunks ({@link
 * SearchScale#fill}), the cache of a second model of the same dimension is seeded with the serving
 * vectors (so the build measures storing and indexing, not the model), then {@code POST
 * /v1/generations} builds a generation of that model, {@code activate} switches to it and {@code
 * rollback} back, each timed from the client; the generation is dropped at the end.
 */
final class IndexLife {

  static final long SEED = 42;

  private IndexLife() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String jdbc = args[1];
    Path csv = Path.of(args[2]);
    int records = Integer.parseInt(args[3]);
    int chunksTarget = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);
    String run =
        System.getenv().getOrDefault("BENCH_RUN", String.valueOf(Instant.now().getEpochSecond()));
    String source = "bench-idx-" + run;
    List<String> lines = new ArrayList<>();
    String loadStart = Bench.loadAverage();

    JsonNode serving = serving(url);
    String model = serving.get("modelId").asText();
    Bench.step("ingesting " + records + " tickets into " + source + " (" + model + ")");
    double ingestSeconds = Bench.postAll(url, source, Bench.tickets(csv, records, SEED));
    long chunks = Bench.count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + source + "'");

    Bench.step("re-embed with a cold cache");
    Bench.execute(
        jdbc,
        "DELETE FROM embedding_cache e USING chunks c WHERE c.source = '"
            + source
            + "' AND e.model_id = '"
            + model
            + "' AND e.text_sha256 = sha256(convert_to(c.text, 'UTF8'))");
    String job = "{\"type\":\"reembed\",\"source\":\"" + source + "\",\"all\":true}";
    Timed cold = job(url, job);
    Bench.step("re-embed with a warm cache");
    Timed warm = job(url, job);
    String loadReembed = Bench.loadAverage();

    lines.add("## Re-embedding a source: cold vs warm embedding cache");
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "%d support tickets, %d chunks, model %s; ingest over HTTP took %.1f s (%.1f"
                + " chunks/s). The `reembed` job with `all` re-embeds every chunk from its kept"
                + " redacted text.",
            records,
            chunks,
            model,
            ingestSeconds,
            chunks / ingestSeconds));
    lines.add("");
    lines.add("| cache | seconds | chunks/s | vectors reused | vectors computed |");
    lines.add("|---|---:|---:|---:|---:|");
    for (Timed t : List.of(cold, warm)) {
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %d | %d |",
              t == cold ? "cold" : "warm",
              t.seconds(),
              t.counts().path("chunks").asLong() / t.seconds(),
              t.counts().path("vectorsReused").asLong(),
              t.counts().path("vectorsComputed").asLong()));
    }
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "Warm ÷ cold throughput: %.1f×. Load average (1/5/15 min) at the start %s, after the"
                + " re-embeds %s.",
            cold.seconds() / warm.seconds(),
            loadStart,
            loadReembed));
    lines.add("");

    Bench.step("topping chunks up to " + chunksTarget);
    SearchScale.Fill fill = SearchScale.fill(jdbc, source, chunksTarget, SEED);
    long total = Bench.count(jdbc, "SELECT count(*) FROM chunks");
    String other = model.endsWith("-q") ? model.substring(0, model.length() - 2) : model + "-q";
    dropLive(url, other);
    Bench.step("seeding the cache of " + other);
    long t0 = System.nanoTime();
    Bench.execute(
        jdbc,
        "INSERT INTO embedding_cache(model_id, text_sha256, embedding) SELECT DISTINCT ON"
            + " (sha256(convert_to(text, 'UTF8'))) '"
            + other
            + "', sha256(convert_to(text, 'UTF8')), embedding FROM chunks WHERE embedding IS NOT"
            + " NULL ON CONFLICT DO NOTHING");
    double seedSeconds = (System.nanoTime() - t0) / 1e9;

    Bench.step("building a generation of " + other + " over " + total + " chunks");
    t0 = System.nanoTime();
    JsonNode built = call("POST", url + "/v1/generations", "{\"model\":\"" + other + "\"}", 202);
    int id = built.get("id").asInt();
    JsonNode g;
    do {
      Thread.sleep(1000);
      g = call("GET", url + "/v1/generations/" + id, null, 200);
    } while (g.get("state").asText().equals("building"));
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    if (!g.get("state").asText().equals("ready")) {
      throw new IllegalStateException("generation " + id + " is " + g);
    }
    Bench.step("switching");
    t0 = System.nanoTime();
    call("POST", url + "/v1/generations/" + id + "/activate", "", 200);
    double switchMs = (System.nanoTime() - t0) / 1e6;
    t0 = System.nanoTime();
    call("POST", url + "/v1/generations/rollback", "", 200);
    double rollbackMs = (System.nanoTime() - t0) / 1e6;
    call("DELETE", url + "/v1/generations/" + id, null, 204);
    Bench.execute(jdbc, "DELETE FROM embedding_cache WHERE model_id = '" + other + "'");
    String loadEnd = Bench.loadAverage();

    lines.add("## Generations at " + total + " chunks");
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "%d chunks (%d synthetic: perturbed copies of real vectors, bench/SearchScale), model"
                + " %s serving. A generation of %s was built from a seeded cache (%.1f s to seed):"
                + " the build time is storing and indexing, not embedding.",
            total,
            fill.synthetic(),
            model,
            other,
            seedSeconds));
    lines.add("");
    lines.add("| step | time |");
    lines.add("|---|---:|");
    lines.add(
        String.format(
            Locale.ROOT,
            "| build (%d vectors from the cache, own table + HNSW) | %.1f s |",
            g.get("vectorsReused").asLong(),
            buildSeconds));
    lines.add(
        String.format(Locale.ROOT, "| switch (`activate`, one transaction) | %.0f ms |", switchMs));
    lines.add(String.format(Locale.ROOT, "| rollback | %.0f ms |", rollbackMs));
    lines.add("");
    lines.add(
        "Switch and rollback are timed at the client: the HTTP call, the catch-up (nothing"
            + " to do here), the completeness check (an anti-join over every chunk) and the update"
            + " of the serving row. Load average at the end: "
            + loadEnd
            + ".");
    lines.add("");
    Files.write(out, lines);
    lines.forEach(System.out::println);
  }

  record Timed(double seconds, JsonNode counts) {}

  /** Runs a job to its end; the time from queueing to the end as the job's rows record it. */
  static Timed job(String url, String body) throws Exception {
    JsonNode queued = call("POST", url + "/v1/jobs", body, 202);
    long id = queued.get("id").asLong();
    JsonNode j;
    do {
      Thread.sleep(500);
      j = call("GET", url + "/v1/jobs/" + id, null, 200);
    } while (!j.get("finishedAt").isTextual());
    if (!j.get("state").asText().equals("succeeded")) {
      throw new IllegalStateException("job " + id + " ended " + j);
    }
    double seconds =
        Duration.between(
                    Instant.parse(j.get("startedAt").asText()),
                    Instant.parse(j.get("finishedAt").asText()))
                .toMillis()
            / 1000.0;
    return new Timed(Math.max(seconds, 0.001), j.get("counts"));
  }

  static JsonNode serving(String url) throws Exception {
    for (JsonNode g : call("GET", url + "/v1/generations", null, 200)) {
      if (g.get("serving").asBoolean()) {
        return g;
      }
    }
    throw new IllegalStateException("no generation serves");
  }

  /** Drops a live generation of the model left over from an earlier run (not the serving one). */
  static void dropLive(String url, String modelId) throws Exception {
    for (JsonNode g : call("GET", url + "/v1/generations", null, 200)) {
      String state = g.get("state").asText();
      if (g.get("modelId").asText().equals(modelId)
          && !g.get("serving").asBoolean()
          && !state.equals("dropped")
          && !state.equals("failed")) {
        call("DELETE", url + "/v1/generations/" + g.get("id").asInt(), null, 204);
      }
    }
  }

  static JsonNode call(String method, String url, String body, int expected) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(30))
            .header("Authorization", "Bearer " + Bench.key())
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = Bench.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? Bench.JSON.nullNode() : Bench.JSON.readTree(r.body());
  }
}
