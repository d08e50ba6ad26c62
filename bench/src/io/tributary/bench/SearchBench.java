package io.tributary.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.tributary.bench.Bench.Ticket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Search speed and cost as the chunk count grows (issue 17, items 4 and 5), written to
 * docs/benchmarks-search.md by scripts/bench-search.sh. At each size (10k and 100k chunks by
 * default; {@code BENCH_SEARCH_SIZES=1000000} for the 1M point, outside CI): the search set is
 * topped up with synthetic chunks ({@link SearchScale#fill}, HNSW index rebuilt and timed), then
 * recall@10 of the service's HNSW statement against exact search, {@code POST /v1/search} latency
 * and throughput at 1, 4 and 16 clients with queries the service has never seen (so every query is
 * embedded) and again with repeated ones (the query-vector cache), a 1% metadata filter with its
 * plans (before and after V14), HTTP ingest throughput into a table of that size, database size and
 * the service's RSS.
 */
final class SearchBench {

  static final int[] CLIENTS = {1, 4, 16};
  static final Map<Integer, Integer> SEARCHES = Map.of(1, 200, 4, 400, 16, 800);
  static final int RECALL_QUERIES = 100;
  static final int SERVICE_EF = 400; // tributary.search.hnsw-ef-search default
  static final int[] EF_VALUES = {100, 200, 250, 300, SERVICE_EF};
  static final String FILTER_BUCKET = "b07";

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long pid = Long.parseLong(args[1]);
    String jdbc = args[2];
    Path corpus = Path.of(args[3]);
    Path out = Path.of(args[4]);
    String run =
        System.getenv().getOrDefault("BENCH_RUN", Long.toString(System.currentTimeMillis(), 36));
    int baseRecords =
        Integer.parseInt(System.getenv().getOrDefault("BENCH_SEARCH_RECORDS", "1000"));
    int ingestRecords =
        Integer.parseInt(System.getenv().getOrDefault("BENCH_SEARCH_INGEST", "300"));
    List<Integer> sizes = new ArrayList<>();
    for (String s : System.getenv().getOrDefault("BENCH_SEARCH_SIZES", "10000,100000").split(",")) {
      sizes.add(Integer.parseInt(s.trim()));
    }
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("load_start", Bench.loadAverage());
    notes.put("started", Instant.now().toString());
    notes.put(
        "versions",
        System.getenv().getOrDefault("BENCH_VERSIONS", "")
            + ", "
            + Bench.strings(jdbc, "SELECT split_part(version(), ' on ', 1)").get(0)
            + ", pgvector "
            + Bench.strings(jdbc, "SELECT extversion FROM pg_extension WHERE extname = 'vector'")
                .get(0));
    Bench.RssSampler rss = new Bench.RssSampler(pid);
    rss.start();

    Bench.execute(jdbc, "DELETE FROM records WHERE source LIKE 'bs-%'");
    if (!"1".equals(System.getenv("BENCH_SEARCH_REUSE"))) {
      // Every size's COPY and HNSW build timed in this run (BENCH_SEARCH_REUSE=1 keeps an earlier
      // run's synthetic set of the first size, for the 1M point).
      Bench.execute(jdbc, "DELETE FROM records WHERE source = '" + SearchScale.SOURCE + "'");
    }
    List<Ticket> all =
        Bench.tickets(corpus, baseRecords + ingestRecords * sizes.size(), Bench.SEED);
    List<Ticket> base = all.subList(0, Math.min(baseRecords, all.size()));
    String baseSource = "bs-base-" + run;
    Bench.step("HTTP ingest of " + base.size() + " records (the real part of the search set)");
    Ingest baseIngest = ingest(url, pid, jdbc, baseSource, base);

    // Queries never seen by the service: distinct ticket phrasings, disjoint slices per phase.
    List<String> phrasings = queries(corpus);
    EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    List<float[]> vectors = new ArrayList<>();
    for (String q : phrasings.subList(0, RECALL_QUERIES)) {
      vectors.add(model.embed(q).content().vector());
    }

    // Item 7: Spring AI's ETL path on the same tickets, same model, right after Tributary's ingest.
    SpringAiPeer.Result spring = null;
    if (!"0".equals(System.getenv().getOrDefault("BENCH_SPRING_AI", "1"))) {
      Bench.step("Spring AI peer (TokenTextSplitter + PgVectorStore) on the same tickets");
      // The service's default model: all-MiniLM-L6-v2 quantized to int8 (LangChain4j's build).
      EmbeddingModel int8 = new AllMiniLmL6V2QuantizedEmbeddingModel();
      int8.embedAll(
          base.subList(0, Math.min(50, base.size())).stream()
              .map(t -> dev.langchain4j.data.segment.TextSegment.from(t.text()))
              .toList());
      spring = SpringAiPeer.run(jdbc, int8, base);
      notes.put("spring_load", Bench.loadAverage());
    }

    List<Point> points = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      int size = sizes.get(i);
      // The corpus has fewer distinct phrasings than all sizes need; each size gets its own case
      // variant of them (MiniLM lowercases: the same vector, but a text the cache has not seen).
      List<String> queries = variant(phrasings, i);
      int next = RECALL_QUERIES;
      Point p = new Point(size);
      Bench.step("search set of " + size + " chunks");
      SearchScale.Fill fill = SearchScale.fill(jdbc, baseSource, size, Bench.SEED);
      p.chunks = Bench.count(jdbc, "SELECT count(*) FROM chunks");
      p.copySeconds = fill.copySeconds();
      p.indexSeconds = fill.indexSeconds();
      p.reused = fill.reused();
      p.load.put("fill", Bench.loadAverage());

      Bench.step("recall@10 at " + size);
      List<java.util.Set<String>> exact = SearchScale.exact(jdbc, vectors);
      p.sweep = SearchScale.sweep(jdbc, vectors, exact, EF_VALUES);

      Bench.step("HTTP search at " + size);
      SearchScale.load(2, 20, SearchScale.http(url, queries.subList(next, next + 20)));
      next += 20;
      rss.reset();
      for (int clients : CLIENTS) {
        int n = SEARCHES.get(clients);
        List<String> cold = queries.subList(next, next + n);
        next += n;
        double e0 = Bench.metric(url, "tributary_search_query_vectors_total{result=\"miss\"");
        Map<String, double[]> steps0 = steps(url);
        p.cold.put(clients, SearchScale.load(clients, n, SearchScale.http(url, cold)));
        Bench.step(
            clients + " client(s), mean ms per search step: " + stepMeans(steps0, steps(url)));
        p.embedded.put(
            clients,
            Bench.metric(url, "tributary_search_query_vectors_total{result=\"miss\"") - e0);
        p.load.put("cold" + clients, Bench.loadAverage());
      }
      // The same 50 queries again and again: every one is in the query-vector cache.
      List<String> warm = queries.subList(next - 50, next);
      double w0 = Bench.metric(url, "tributary_search_query_vectors_total{result=\"miss\"");
      p.warm = SearchScale.load(1, 200, SearchScale.http(url, warm));
      p.warmEmbedded =
          Bench.metric(url, "tributary_search_query_vectors_total{result=\"miss\"") - w0;
      p.load.put("warm", Bench.loadAverage());

      Bench.step("1% metadata filter at " + size);
      List<String> filtered = queries.subList(next, next + 100);
      next += 100;
      p.filteredCold = SearchScale.load(1, 100, filteredHttp(url, filtered));
      p.filteredWarm = SearchScale.load(1, 100, filteredHttp(url, filtered));
      p.filterRows =
          Bench.count(
              jdbc,
              "SELECT count(*) FROM chunks WHERE metadata @> '{\"bucket\": \""
                  + FILTER_BUCKET
                  + "\"}'");
      p.filterHits = filteredHits(url, filtered.get(0));
      p.planBefore =
          plan(jdbc, vectors.get(0), "(c.metadata ->> 'bucket') = '" + FILTER_BUCKET + "'");
      p.planAfter =
          plan(jdbc, vectors.get(0), "c.metadata @> '{\"bucket\": \"" + FILTER_BUCKET + "\"}'");
      p.load.put("filter", Bench.loadAverage());
      p.rssSearchMb = rss.peak();

      Bench.step("HTTP ingest into " + size + " chunks");
      List<Ticket> more =
          all.subList(
              Math.min(all.size(), baseRecords + ingestRecords * i),
              Math.min(all.size(), baseRecords + ingestRecords * (i + 1)));
      p.ingest = ingest(url, pid, jdbc, "bs-" + size + "-" + run, more);
      p.load.put("ingest", Bench.loadAverage());

      p.dbMb = Bench.count(jdbc, "SELECT pg_database_size(current_database())") / 1e6;
      p.chunksMb = Bench.count(jdbc, "SELECT pg_total_relation_size('chunks')") / 1e6;
      p.hnswMb = Bench.count(jdbc, "SELECT pg_relation_size('chunks_embedding_hnsw')") / 1e6;
      // The files keep the dead space of deleted rows (an earlier, larger set); the live rows are
      // what grows with the chunk count.
      p.liveMb = Bench.count(jdbc, "SELECT sum(pg_column_size(c.*))::bigint FROM chunks c") / 1e6;
      p.rssMb = Bench.rssMb(pid);
      points.add(p);
      SearchReport.write(out, notes, baseIngest, spring, points, false);
    }
    rss.stop();
    notes.put("load_end", Bench.loadAverage());
    SearchReport.write(out, notes, baseIngest, spring, points, true);
  }

  static final List<String> STEPS = List.of("redact", "embed", "sql", "audit");

  /** The service's search step timers now: step -> {count, sum seconds}. */
  static Map<String, double[]> steps(String url) throws Exception {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String step : STEPS) {
      String tag = "{step=\"" + step + "\"";
      out.put(
          step,
          new double[] {
            Bench.metric(url, "tributary_search_step_seconds_count" + tag),
            Bench.metric(url, "tributary_search_step_seconds_sum" + tag)
          });
    }
    return out;
  }

  static String stepMeans(Map<String, double[]> before, Map<String, double[]> after) {
    StringBuilder b = new StringBuilder();
    for (String step : STEPS) {
      double n = after.get(step)[0] - before.get(step)[0];
      double s = after.get(step)[1] - before.get(step)[1];
      b.append(step)
          .append(' ')
          .append(n == 0 ? "-" : String.format("%.2f", 1000 * s / n))
          .append(' ');
    }
    return b.toString().trim();
  }

  /** HTTP ingest throughput of some tickets into a new source (batches of 100, one client). */
  record Ingest(int records, long chunks, double seconds, double cpu, String load) {}

  /** The figures of one size. */
  static final class Point {
    final int size;
    long chunks;
    double copySeconds;
    double indexSeconds;
    boolean reused;
    List<SearchScale.EfPoint> sweep;
    final Map<Integer, SearchScale.Latency> cold = new LinkedHashMap<>();
    final Map<Integer, Double> embedded = new LinkedHashMap<>();
    SearchScale.Latency warm;
    double warmEmbedded;
    SearchScale.Latency filteredCold;
    SearchScale.Latency filteredWarm;
    long filterRows;
    int filterHits;
    String planBefore;
    String planAfter;
    Ingest ingest;
    double dbMb;
    double chunksMb;
    double hnswMb;
    double liveMb;
    long rssMb;
    long rssSearchMb;
    final Map<String, String> load = new LinkedHashMap<>();

    Point(int size) {
      this.size = size;
    }
  }

  static Ingest ingest(String url, long pid, String jdbc, String source, List<Ticket> tickets)
      throws Exception {
    double c0 = Bench.serviceCpu(pid);
    long t0 = System.nanoTime();
    for (int i = 0; i < tickets.size(); i += Bench.BATCH) {
      List<Ticket> batch = tickets.subList(i, Math.min(tickets.size(), i + Bench.BATCH));
      ObjectNode body = Bench.JSON.createObjectNode();
      ArrayNode records = body.putArray("records");
      for (int j = 0; j < batch.size(); j++) {
        ObjectNode r = Bench.record(batch.get(j));
        // The real chunks fall in the synthetic set's buckets too, one in a hundred per bucket.
        r.putObject("metadata").put("bucket", SearchScale.bucket(i + j));
        records.add(r);
      }
      Bench.post(url + "/v1/sources/" + source + "/records", Bench.JSON.writeValueAsString(body));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = Bench.serviceCpu(pid) - c0;
    long chunks = Bench.count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + source + "'");
    return new Ingest(tickets.size(), chunks, seconds, cpu, Bench.loadAverage());
  }

  /** Distinct phrasings of the tickets (subject, product, type, channel), shuffled. */
  static List<String> queries(Path corpus) throws Exception {
    Set<String> distinct = new LinkedHashSet<>();
    for (Ticket t : Bench.tickets(corpus, Integer.MAX_VALUE, Bench.SEED)) {
      distinct.add(
          t.fields().get("subject")
              + " "
              + t.fields().get("product")
              + " "
              + t.fields().get("type").toLowerCase(java.util.Locale.ROOT)
              + " via "
              + t.fields().get("channel").toLowerCase(java.util.Locale.ROOT));
    }
    List<String> out = new ArrayList<>(distinct);
    Collections.shuffle(out, new Random(Bench.SEED));
    return out;
  }

  static List<String> variant(List<String> queries, int n) {
    return switch (n) {
      case 0 -> queries;
      case 1 -> queries.stream().map(q -> q.toLowerCase(java.util.Locale.ROOT)).toList();
      case 2 -> queries.stream().map(q -> q.toUpperCase(java.util.Locale.ROOT)).toList();
      default -> queries.stream().map(q -> q + " (" + n + ")").toList();
    };
  }

  static String filteredBody(String q) throws Exception {
    ObjectNode body =
        Bench.JSON.createObjectNode().put("query", q).put("topK", 10).put("mode", "vector");
    body.putObject("filter").put("metadata.bucket", FILTER_BUCKET);
    return Bench.JSON.writeValueAsString(body);
  }

  static SearchScale.ClientFactory filteredHttp(String url, List<String> queries) {
    return () -> i -> Bench.post(url + "/v1/search", filteredBody(queries.get(i % queries.size())));
  }

  static int filteredHits(String url, String q) throws Exception {
    return Bench.JSON
        .readTree(Bench.post(url + "/v1/search", filteredBody(q)))
        .get("results")
        .size();
  }

  /**
   * EXPLAIN ANALYZE of the service's vector statement (generation 1, empty-ACL-public caller) with
   * a metadata predicate, under the service's settings.
   */
  static String plan(String jdbc, float[] v, String predicate) throws Exception {
    String vector = new com.pgvector.PGvector(v).toString();
    String sql =
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) WITH nearest AS MATERIALIZED (SELECT"
            + " c.id, c.text, c.provenance, c.embedding <=> '"
            + vector
            + "' AS distance FROM chunks c WHERE c.embedding IS NOT NULL AND (c.acl &&"
            + " '{}'::text[] OR (true AND c.acl = '{}')) AND "
            + predicate
            + " ORDER BY c.embedding <=> '"
            + vector
            + "' LIMIT 10) SELECT id, text, provenance, 1 - distance FROM nearest ORDER BY"
            + " distance";
    StringBuilder b = new StringBuilder();
    try (Connection c = Bench.db(jdbc)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "SET LOCAL hnsw.ef_search = "
                + SERVICE_EF
                + "; SET LOCAL hnsw.iterative_scan = relaxed_order");
        // Warm the pages once, then the plan that counts.
        s.executeQuery(sql).close();
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            b.append(rs.getString(1).replaceAll("'\\[[^\\]]*\\]'::vector", "\\$query"))
                .append('\n');
          }
        }
      }
      c.rollback();
    }
    return b.toString();
  }
}
