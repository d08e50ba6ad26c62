package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.tributary.embed.OnnxBatchEmbeddingModel;
import io.tributary.redact.DetectingRedactor;
import io.tributary.redact.Pseudonymizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures, in one run and side by side: Tributary end to end over HTTP and Kafka, re-ingest of
 * unchanged data (HTTP and a Kafka replay), the embedding ceiling on Tributary's own chunk texts,
 * the naive LangChain4j path on the same tickets ({@link NaiveBaseline}), redaction, search at 100k
 * chunks with recall per ef_search ({@link SearchScale}) and the service's memory. Writes
 * docs/benchmarks.md and docs/benchmarks.svg ({@link Report}).
 *
 * <p>Usage: {@code Bench <serviceUrl> <servicePid> <jdbcUrl> <corpus.csv> <records> <out.md>}; env
 * {@code BENCH_RUN} names this run's sources (the service must consume {@code bench-k-<run>}),
 * {@code BENCH_SEARCH_CHUNKS} (default 100000) sizes the search set.
 */
public final class Bench {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int BATCH = 100;

  record Ticket(String id, Map<String, String> fields, String text) {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long pid = Long.parseLong(args[1]);
    String jdbc = args[2];
    Path corpus = Path.of(args[3]);
    int n = Integer.parseInt(args[4]);
    Path out = Path.of(args[5]);
    String run =
        System.getenv().getOrDefault("BENCH_RUN", Long.toString(System.currentTimeMillis(), 36));
    int searchChunks =
        Integer.parseInt(System.getenv().getOrDefault("BENCH_SEARCH_CHUNKS", "100000"));
    Map<String, Double> x = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    RssSampler rss = new RssSampler(pid);
    rss.start();
    notes.put("load_start", loadAverage());
    notes.put(
        "versions",
        System.getenv().getOrDefault("BENCH_VERSIONS", "")
            + ", "
            + strings(jdbc, "SELECT split_part(version(), ' on ', 1)").get(0)
            + ", pgvector "
            + strings(jdbc, "SELECT extversion FROM pg_extension WHERE extname = 'vector'").get(0)
            + ", kafka-clients "
            + org.apache.kafka.common.utils.AppInfoParser.getVersion());

    // Earlier runs' records would make this run's chunk counts and search set differ; their cached
    // vectors would let this run's first ingest skip the model.
    execute(jdbc, "DELETE FROM records WHERE source LIKE 'bench-h-%' OR source LIKE 'bench-k-%'");
    execute(jdbc, "DELETE FROM embedding_cache");
    List<Ticket> tickets = tickets(corpus, n, SEED);
    x.put("records", (double) tickets.size());
    x.put(
        "record_mb",
        tickets.stream().mapToLong(t -> t.text().getBytes(StandardCharsets.UTF_8).length).sum()
            / 1e6);
    x.put("rss_idle_mb", (double) rssMb(pid));
    step("HTTP ingest of " + tickets.size() + " records");

    // 1. Tributary over HTTP, first ingest, then the same unchanged records again.
    String httpSource = "bench-h-" + run;
    double e0 = metric(url, EMBEDDED);
    rss.reset();
    Map<String, Double> st0 = stageSeconds(url);
    double c0 = serviceCpu(pid);
    double httpSeconds = postAll(url, httpSource, tickets);
    x.put("http_cpu", serviceCpu(pid) - c0);
    putStages(x, "http", st0, stageSeconds(url));
    x.put("rss_load_http_mb", (double) rss.peak());
    long chunks = count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + httpSource + "'");
    x.put("chunks", (double) chunks);
    x.put("http_seconds", httpSeconds);
    x.put("http_embedded", metric(url, EMBEDDED) - e0);
    step("HTTP re-ingest");
    e0 = metric(url, EMBEDDED);
    st0 = stageSeconds(url);
    c0 = serviceCpu(pid);
    x.put("http_re_seconds", postAll(url, httpSource, tickets));
    x.put("http_re_cpu", serviceCpu(pid) - c0);
    putStages(x, "http_re", st0, stageSeconds(url));
    x.put("http_re_embedded", metric(url, EMBEDDED) - e0);

    // 2. Tributary from Kafka: produce everything, time until every record is stored; then the same
    //    messages produced again (a replay of unchanged data), timed until every record was seen
    // again.
    //    The embedding cache is emptied first: the HTTP phase filled it with the vectors of these
    //    very chunk texts, and a Kafka ingest served from it would measure no embedding at all. So
    //    the Kafka first ingest embeds every text, as the HTTP one did, and both compare with the
    //    same raw engine on the same texts.
    String kafkaSource = "bench-k-" + run;
    step("Kafka ingest");
    execute(jdbc, "DELETE FROM embedding_cache");
    e0 = metric(url, EMBEDDED);
    rss.reset();
    st0 = stageSeconds(url);
    c0 = serviceCpu(pid);
    long t0 = System.nanoTime();
    produce(kafkaSource, tickets);
    while (count(jdbc, "SELECT count(*) FROM records WHERE source = '" + kafkaSource + "'")
        < tickets.size()) {
      Thread.sleep(100);
    }
    x.put("kafka_seconds", (System.nanoTime() - t0) / 1e9);
    x.put("kafka_cpu", serviceCpu(pid) - c0);
    putStages(x, "kafka", st0, stageSeconds(url));
    x.put("rss_load_kafka_mb", (double) rss.peak());
    x.put("kafka_embedded", metric(url, EMBEDDED) - e0);
    x.put(
        "kafka_chunks",
        (double) count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + kafkaSource + "'"));
    step("Kafka replay");
    e0 = metric(url, EMBEDDED);
    String since = strings(jdbc, "SELECT now()::text").get(0);
    st0 = stageSeconds(url);
    c0 = serviceCpu(pid);
    t0 = System.nanoTime();
    produce(kafkaSource, tickets);
    while (count(
            jdbc,
            "SELECT count(*) FROM records WHERE source = '"
                + kafkaSource
                + "' AND updated_at >= '"
                + since
                + "'")
        < tickets.size()) {
      Thread.sleep(50);
    }
    x.put("kafka_re_seconds", (System.nanoTime() - t0) / 1e9);
    x.put("kafka_re_cpu", serviceCpu(pid) - c0);
    putStages(x, "kafka_re", st0, stageSeconds(url));
    x.put("kafka_re_embedded", metric(url, EMBEDDED) - e0);

    // 3. The ceilings, in this JVM, the service idle, on the same chunk texts: the service's own
    //    engine and model (all-MiniLM-L6-v2, int8 or fp32 as the service runs it, on the batching
    //    ONNX engine with one run per core), then LangChain4j's fp32 model.
    step("ceilings");
    List<String> texts =
        strings(jdbc, "SELECT text FROM chunks WHERE source = '" + httpSource + "' ORDER BY id");
    try (OnnxBatchEmbeddingModel engine =
        new OnnxBatchEmbeddingModel(
            QUANTIZED ? OnnxBatchEmbeddingModel.QUANTIZED : OnnxBatchEmbeddingModel.FP32,
            1,
            1,
            Runtime.getRuntime().availableProcessors())) {
      engine.embedAll(
          texts.subList(0, Math.min(50, texts.size())).stream().map(TextSegment::from).toList());
      double cpu0 = selfCpu();
      long e0n = System.nanoTime();
      engine.embedAll(texts.stream().map(TextSegment::from).toList());
      x.put("engine_seconds", (System.nanoTime() - e0n) / 1e9);
      x.put("engine_cpu", selfCpu() - cpu0);
    }
    if (Boolean.parseBoolean(System.getenv("BENCH_INGEST_ONLY"))) {
      // For iterating on ingest: the ingest figures and their ratios to the raw engine, no report.
      printIngest(x);
      return;
    }
    EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    model.embedAll(
        texts.subList(0, Math.min(50, texts.size())).stream().map(TextSegment::from).toList());
    c0 = selfCpu();
    t0 = System.nanoTime();
    model.embedAll(texts.stream().map(TextSegment::from).toList());
    x.put("ceiling_seconds", (System.nanoTime() - t0) / 1e9);
    x.put("ceiling_cpu", selfCpu() - c0);
    x.put("ceiling_chunks_per_s", texts.size() / x.get("ceiling_seconds"));
    x.put(
        "ceiling_tokens_per_s",
        sumLong(jdbc, "SELECT sum(token_count) FROM chunks WHERE source = '" + httpSource + "'")
            / x.get("ceiling_seconds"));

    // Queries: ticket subjects with their product, embedded once here for the SQL-level figures.
    List<String> queries = queries(tickets);
    List<float[]> vectors = new ArrayList<>();
    for (String q : queries.subList(0, Math.min(QUERY_VECTORS, queries.size()))) {
      vectors.add(model.embed(q).content().vector());
    }

    // 4. The naive LangChain4j path on the same tickets, twice.
    step("naive LangChain4j baseline (two runs)");
    NaiveBaseline.Result naive = NaiveBaseline.run(jdbc, model, tickets, vectors);
    x.put("naive_first_seconds", naive.firstSeconds());
    x.put("naive_rows_first", (double) naive.rowsAfterFirst());
    x.put("naive_second_seconds", naive.secondSeconds());
    x.put("naive_rows_second", (double) naive.rowsAfterSecond());
    x.put("naive_recall", naive.recallAt10());
    x.put("naive_first_cpu", naive.firstCpu());
    x.put("naive_second_cpu", naive.secondCpu());

    // 5. Redaction throughput, in this JVM, on the corpus text repeated to 8 MB.
    step("redaction");
    x.put("redaction_mb_per_s", redaction(tickets));

    // 6. Search at the scale of 100k chunks.
    step("search set of " + searchChunks + " chunks");
    SearchScale.Fill fill = SearchScale.fill(jdbc, httpSource, searchChunks, SEED);
    x.put("search_total_chunks", (double) count(jdbc, "SELECT count(*) FROM chunks"));
    x.put("search_synthetic", (double) fill.synthetic());
    x.put("search_copy_seconds", fill.copySeconds());
    x.put("search_index_seconds", fill.indexSeconds());
    notes.put(
        "search_reused",
        fill.reused() ? "reused from an earlier run (same seed and size)" : "built in this run");
    step("exact top 10 and the ef_search sweep");
    List<float[]> recallQueries = vectors.subList(0, Math.min(RECALL_QUERIES, vectors.size()));
    List<Set<String>> exact = SearchScale.exact(jdbc, recallQueries);
    List<SearchScale.EfPoint> sweep = SearchScale.sweep(jdbc, recallQueries, exact, EF_VALUES);
    int best = -1;
    for (SearchScale.EfPoint p : sweep) {
      x.put("ef_" + p.ef() + "_recall", p.recall());
      x.put("ef_" + p.ef() + "_p50_ms", p.p50Ms());
      x.put("ef_" + p.ef() + "_p99_ms", p.p99Ms());
    }
    for (SearchScale.EfPoint p : sweep) {
      if (p.recall() >= 0.97) {
        best = p.ef();
        break;
      }
    }
    x.put("ef_reached", best > 0 ? 1.0 : 0.0);
    best = best > 0 ? best : EF_VALUES[EF_VALUES.length - 1];
    x.put("ef_recommended", (double) best);
    step("search over HTTP and SQL at 1/4/16 clients");
    SearchScale.load(2, 40, SearchScale.http(url, queries));
    rss.reset();
    for (int clients : CLIENTS) {
      put(
          x,
          "search_http_" + clients,
          SearchScale.load(clients, SEARCHES.get(clients), SearchScale.http(url, queries)));
    }
    x.put("rss_load_search_mb", (double) rss.peak());
    for (int ef : best == SERVICE_EF ? new int[] {SERVICE_EF} : new int[] {SERVICE_EF, best}) {
      for (int clients : CLIENTS) {
        put(
            x,
            "search_sql_ef" + ef + "_" + clients,
            SearchScale.load(clients, SEARCHES.get(clients), SearchScale.sql(jdbc, vectors, ef)));
      }
    }
    x.put("rss_after_mb", (double) rssMb(pid));
    rss.stop();
    notes.put("load_end", loadAverage());

    Path svg = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".svg");
    Report.write(out, svg, x, notes, sweep);
    x.forEach((k, v) -> System.out.println(k + " = " + f(v)));
  }

  /** The ingest figures of a run stopped after the raw engine (BENCH_INGEST_ONLY=true). */
  static void printIngest(Map<String, Double> x) throws Exception {
    x.forEach((k, v) -> System.out.println(k + " = " + String.format("%.3f", v)));
    double engine = x.get("chunks") / x.get("engine_seconds");
    System.out.printf(
        "HTTP / raw engine: wall %.3f, CPU %.3f%n",
        x.get("chunks") / x.get("http_seconds") / engine, x.get("engine_cpu") / x.get("http_cpu"));
    System.out.printf(
        "Kafka / raw engine: wall %.3f, CPU %.3f%n",
        x.get("kafka_chunks") / x.get("kafka_seconds") / engine,
        x.get("engine_cpu") * (x.get("kafka_chunks") / x.get("chunks")) / x.get("kafka_cpu"));
    System.out.printf(
        "re-ingest / first: HTTP %.4f (CPU %.4f), Kafka replay %.4f (CPU %.4f)%n",
        x.get("http_re_seconds") / x.get("http_seconds"),
        x.get("http_re_cpu") / x.get("http_cpu"),
        x.get("kafka_re_seconds") / x.get("kafka_seconds"),
        x.get("kafka_re_cpu") / x.get("kafka_cpu"));
    System.out.println("load average now: " + loadAverage());
  }

  static final long SEED = 20261123L;
  static final String EMBEDDED = "tributary_embedding_texts_total";
  static final int QUERY_VECTORS = 200;
  static final int RECALL_QUERIES = 100;
  static final int[] EF_VALUES = {20, 40, 64, 100, 200, 400};
  static final int SERVICE_EF = 400; // tributary.search.hnsw-ef-search default
  static final int[] CLIENTS = {1, 4, 16};
  static final Map<Integer, Integer> SEARCHES = Map.of(1, 200, 4, 400, 16, 800);

  static void step(String what) {
    System.out.println("[bench] " + Instant.now() + " " + what);
  }

  static void put(Map<String, Double> x, String key, SearchScale.Latency l) {
    x.put(key + "_p50_ms", l.p50Ms());
    x.put(key + "_p99_ms", l.p99Ms());
    x.put(key + "_qps", l.qps());
  }

  static double postAll(String url, String source, List<Ticket> tickets) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < tickets.size(); i += BATCH) {
      post(
          url + "/v1/sources/" + source + "/records",
          batch(tickets.subList(i, Math.min(tickets.size(), i + BATCH))));
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static void produce(String source, List<Ticket> tickets) throws Exception {
    Properties p = new Properties();
    p.put(
        "bootstrap.servers",
        System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    p.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (Ticket t : tickets) {
        producer.send(
            new ProducerRecord<>(
                "tributary." + source, t.id(), JSON.writeValueAsString(record(t))));
      }
    }
  }

  static List<String> queries(List<Ticket> tickets) {
    Set<String> distinct = new LinkedHashSet<>();
    for (Ticket t : tickets) {
      distinct.add(t.fields().get("subject") + " " + t.fields().get("product"));
    }
    List<String> queries = new ArrayList<>(distinct);
    Collections.shuffle(queries, new Random(SEED));
    return queries;
  }

  static double redaction(List<Ticket> tickets) {
    StringBuilder big = new StringBuilder();
    while (big.length() < 8_000_000) {
      for (Ticket t : tickets) {
        big.append(t.text()).append(' ').append(t.fields().get("email")).append('\n');
      }
    }
    DetectingRedactor redactor =
        new DetectingRedactor(
            DetectingRedactor.standardDetectors(),
            new Pseudonymizer("bench-key-0123456789abcdefghijklmn"));
    String sample = big.toString();
    redactor.redactText(sample);
    // Best of three, so a GC pause or a neighbour's build burst does not decide the figure.
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      redactor.redactText(sample);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return sample.getBytes(StandardCharsets.UTF_8).length / 1e6 / best;
  }

  /** The service's peak RSS since the last reset, sampled every 100 ms. */
  static final class RssSampler {
    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(long pid) {
      this.pid = pid;
      this.thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    long now = rssMb(pid);
                    peak.accumulateAndGet(now, Math::max);
                    Thread.sleep(100);
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "rss-sampler");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void reset() throws Exception {
      peak.set(rssMb(pid));
    }

    long peak() {
      return peak.get();
    }

    void stop() {
      running = false;
    }
  }

  /**
   * CPU seconds (user + system) the service process has used so far, from /proc. On a machine
   * shared with other builds, wall time swings with their load; CPU time per chunk much less so.
   */
  static double serviceCpu(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of proc(5), utime and stime, in clock ticks (100 per second on Linux).
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** CPU seconds this JVM has used so far. */
  static double selfCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static String loadAverage() throws Exception {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  static void execute(String jdbc, String sql) throws Exception {
    try (Connection c = db(jdbc);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static double sumLong(String jdbc, String sql) throws Exception {
    return count(jdbc, sql);
  }

  static List<Ticket> tickets(Path csv, int n, long seed) throws Exception {
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    List<Ticket> all = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() != header.size()) {
        continue;
      }
      Map<String, String> r = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        r.put(header.get(i), row.get(i));
      }
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("customer", r.get("Customer Name"));
      fields.put("email", r.get("Customer Email"));
      fields.put("product", r.get("Product Purchased"));
      fields.put("type", r.get("Ticket Type"));
      fields.put("subject", r.get("Ticket Subject"));
      fields.put("status", r.get("Ticket Status"));
      fields.put("priority", r.get("Ticket Priority"));
      fields.put("channel", r.get("Ticket Channel"));
      String text =
          (r.get("Ticket Description") + " " + r.get("Resolution"))
              .replace("{product_purchased}", r.get("Product Purchased"));
      all.add(new Ticket("T-" + r.get("Ticket ID"), fields, text));
    }
    Collections.shuffle(all, new Random(seed));
    return all.subList(0, Math.min(n, all.size()));
  }

  static ObjectNode record(Ticket t) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", t.id());
    r.put("version", 1);
    ObjectNode fields = r.putObject("fields");
    t.fields().forEach(fields::put);
    r.put("text", t.text());
    return r;
  }

  static String batch(List<Ticket> tickets) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode records = body.putArray("records");
    tickets.forEach(t -> records.add(record(t)));
    return JSON.writeValueAsString(body);
  }

  /** The API key the benchmark's calls carry (scripts/bench.sh bootstraps one: BENCH_KEY). */
  static String key() {
    return System.getenv().getOrDefault("BENCH_KEY", "");
  }

  static String post(String url, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static final String STAGE_SUM = "tributary_stage_seconds_sum{";

  /** Whether the service embeds with the int8 model (scripts/bench.sh passes it on). */
  static final boolean QUANTIZED = Boolean.parseBoolean(System.getenv("BENCH_QUANTIZED"));

  /** The service's {@code tributary.stage} timers: seconds spent so far, by stage. */
  static Map<String, Double> stageSeconds(String url) throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : metrics(url).split("\n")) {
      if (line.startsWith(STAGE_SUM)) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("stage=\"([a-z_]+)\"").matcher(line);
        if (m.find()) {
          out.merge(
              m.group(1),
              Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
              Double::sum);
        }
      }
    }
    return out;
  }

  /** Seconds per stage between two readings, as {@code <phase>_stage_<stage>}. */
  static void putStages(
      Map<String, Double> x, String phase, Map<String, Double> before, Map<String, Double> after) {
    for (String stage : STAGES) {
      x.put(
          phase + "_stage_" + stage,
          after.getOrDefault(stage, 0.0) - before.getOrDefault(stage, 0.0));
    }
  }

  /** The service's stage timers, in pipeline order. */
  static final List<String> STAGES =
      List.of("parse", "redact", "render", "chunk", "embed", "write", "audit");

  static String metrics(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                .header("Authorization", "Bearer " + key())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static double metric(String url, String name) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                    .header("Authorization", "Bearer " + key())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(name)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  static long rssMb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  /**
   * As the schema's owner (scripts/lib.sh ensure_db_credentials exports its name and password): the
   * benchmark clears its sources and the naive baseline creates its own table.
   */
  static Connection db(String jdbc) throws Exception {
    return DriverManager.getConnection(jdbc, ownerUser(), ownerPassword());
  }

  static String ownerUser() {
    return System.getenv().getOrDefault("TRIBUTARY_DB_OWNER", "tributary");
  }

  static String ownerPassword() {
    return System.getenv().getOrDefault("TRIBUTARY_DB_OWNER_PASSWORD", "");
  }

  static long count(String jdbc, String sql) throws Exception {
    try (Connection c = db(jdbc);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<String> strings(String jdbc, String sql) throws Exception {
    try (Connection c = db(jdbc);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  static String f(double v) {
    return String.format("%.2f", v);
  }
}
