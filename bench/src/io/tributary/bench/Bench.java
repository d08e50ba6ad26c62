package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures, in one run and side by side: the embedding ceiling on Tributary's own chunk texts,
 * Tributary end to end over HTTP and Kafka, re-ingest of unchanged data, redaction, search latency
 * and the service's memory. Writes docs/benchmarks.md. Usage: Bench <serviceUrl> <servicePid>
 * <jdbcUrl> <corpus.csv> <records> <out.md>
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
    long seed = 20261123L;
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, String> figures = new LinkedHashMap<>();

    List<Ticket> tickets = tickets(corpus, n, seed);
    figures.put("records", String.valueOf(tickets.size()));
    figures.put("rss_idle_mb", String.valueOf(rssMb(pid)));

    // 1. Tributary over HTTP, first ingest.
    String httpSource = "bench-h-" + run;
    double embeddedBefore = metric(url, "tributary_embedding_texts_total");
    long t0 = System.nanoTime();
    for (int i = 0; i < tickets.size(); i += BATCH) {
      post(url + "/v1/sources/" + httpSource + "/records", batch(tickets.subList(i, Math.min(tickets.size(), i + BATCH))));
    }
    double httpSeconds = (System.nanoTime() - t0) / 1e9;
    long chunks = count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + httpSource + "'");
    double embeddedFirst = metric(url, "tributary_embedding_texts_total") - embeddedBefore;
    figures.put("chunks", String.valueOf(chunks));
    figures.put("http_seconds", f(httpSeconds));
    figures.put("http_records_per_s", f(tickets.size() / httpSeconds));
    figures.put("http_chunks_per_s", f(chunks / httpSeconds));
    figures.put("http_embedded_texts", f(embeddedFirst));
    figures.put("rss_load_mb", String.valueOf(rssMb(pid)));

    // 2. Re-ingest of the same, unchanged records over HTTP.
    double embeddedBeforeRe = metric(url, "tributary_embedding_texts_total");
    t0 = System.nanoTime();
    for (int i = 0; i < tickets.size(); i += BATCH) {
      post(url + "/v1/sources/" + httpSource + "/records", batch(tickets.subList(i, Math.min(tickets.size(), i + BATCH))));
    }
    double reSeconds = (System.nanoTime() - t0) / 1e9;
    figures.put("reingest_seconds", f(reSeconds));
    figures.put("reingest_ratio", f(reSeconds / httpSeconds));
    figures.put("reingest_embedded_texts", f(metric(url, "tributary_embedding_texts_total") - embeddedBeforeRe));

    // 3. Tributary from Kafka: produce everything, time until every record is stored.
    String kafkaSource = "bench-k-" + run;
    Properties p = new Properties();
    p.put("bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
    p.put("acks", "all");
    t0 = System.nanoTime();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (Ticket t : tickets) {
        producer.send(new ProducerRecord<>("tributary." + kafkaSource, t.id(), JSON.writeValueAsString(record(t))));
      }
    }
    while (count(jdbc, "SELECT count(*) FROM records WHERE source = '" + kafkaSource + "'") < tickets.size()) {
      Thread.sleep(200);
    }
    double kafkaSeconds = (System.nanoTime() - t0) / 1e9;
    figures.put("kafka_seconds", f(kafkaSeconds));
    figures.put("kafka_records_per_s", f(tickets.size() / kafkaSeconds));
    figures.put("kafka_chunks_per_s", f(chunks / kafkaSeconds));

    // 4. The ceiling: the same model on the same chunk texts, in this JVM, the service idle.
    List<String> texts = strings(jdbc, "SELECT text FROM chunks WHERE source = '" + httpSource + "' ORDER BY id");
    EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    model.embedAll(texts.subList(0, Math.min(50, texts.size())).stream().map(TextSegment::from).toList());
    t0 = System.nanoTime();
    model.embedAll(texts.stream().map(TextSegment::from).toList());
    double ceilingSeconds = (System.nanoTime() - t0) / 1e9;
    figures.put("ceiling_chunks_per_s", f(texts.size() / ceilingSeconds));
    figures.put("http_vs_ceiling", f((chunks / httpSeconds) / (texts.size() / ceilingSeconds)));
    figures.put("kafka_vs_ceiling", f((chunks / kafkaSeconds) / (texts.size() / ceilingSeconds)));

    // 5. Redaction throughput, in this JVM, on the corpus text repeated to 8 MB.
    StringBuilder big = new StringBuilder();
    while (big.length() < 8_000_000) {
      for (Ticket t : tickets) {
        big.append(t.text()).append(' ').append(t.fields().get("email")).append('\n');
      }
    }
    DetectingRedactor redactor =
        new DetectingRedactor(DetectingRedactor.standardDetectors(), new Pseudonymizer("bench-key-0123456789abcdefghijklmn"));
    String sample = big.toString();
    redactor.redactText(sample.substring(0, 500_000));
    t0 = System.nanoTime();
    redactor.redactText(sample);
    double redactSeconds = (System.nanoTime() - t0) / 1e9;
    figures.put("redaction_mb_per_s", f(sample.getBytes(StandardCharsets.UTF_8).length / 1e6 / redactSeconds));

    // 6. Search latency: subjects as queries, 1 and 4 clients.
    List<String> queries = new ArrayList<>();
    for (Ticket t : tickets) {
      queries.add(t.fields().get("subject") + " " + t.fields().get("product"));
    }
    Collections.shuffle(queries, new Random(seed));
    for (int clients : new int[] {1, 4}) {
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      int perClient = 100;
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int offset = c * perClient;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            String q = queries.get((offset + i) % queries.size()).replace("\"", "");
            long s = System.nanoTime();
            post(url + "/v1/search", "{\"query\":\"" + q + "\",\"topK\":10}");
            latencies.add(System.nanoTime() - s);
          }
          return null;
        }));
      }
      for (Future<?> fu : futures) {
        fu.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      figures.put("search_" + clients + "_p50_ms", f(sorted.get(sorted.size() / 2) / 1e6));
      figures.put("search_" + clients + "_p99_ms", f(sorted.get((int) (sorted.size() * 0.99)) / 1e6));
      figures.put("search_" + clients + "_qps", f(sorted.size() / seconds));
    }
    figures.put("rss_after_mb", String.valueOf(rssMb(pid)));

    write(out, figures);
    figures.forEach((k, v) -> System.out.println(k + " = " + v));
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
      String text = (r.get("Ticket Description") + " " + r.get("Resolution")).replace("{product_purchased}", r.get("Product Purchased"));
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

  static String post(String url, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static double metric(String url, String name) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
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

  static Connection db(String jdbc) throws Exception {
    return DriverManager.getConnection(jdbc, System.getenv().getOrDefault("TRIBUTARY_DB_USER", "tributary"),
        System.getenv().getOrDefault("TRIBUTARY_DB_PASSWORD", "tributary"));
  }

  static long count(String jdbc, String sql) throws Exception {
    try (Connection c = db(jdbc); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<String> strings(String jdbc, String sql) throws Exception {
    try (Connection c = db(jdbc); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

  static void write(Path out, Map<String, String> x) throws Exception {
    String md = """
        # Benchmarks

        Measured by `scripts/bench.sh` on %s (%d cores, %s, Java %s) with %s records of the support-ticket
        corpus (`../shared/corpora/records/support-tickets`, shuffled with a fixed seed), %s chunks.
        Every figure below comes from the same run; ratios compare figures of that run only.

        | figure | value |
        |---|---|
        | embedding ceiling: all-MiniLM-L6-v2 (fp32, in-process) on Tributary's own chunk texts | %s chunks/s |
        | Tributary over HTTP, first ingest (batches of 100, one client) | %s records/s, %s chunks/s |
        | Tributary from Kafka, first ingest | %s records/s, %s chunks/s |
        | **HTTP end to end / ceiling** | **%s** |
        | **Kafka end to end / ceiling** | **%s** |
        | texts embedded by the first HTTP ingest | %s |
        | re-ingest of the unchanged records over HTTP: time / first ingest | **%s** (%s s vs %s s) |
        | texts embedded by the re-ingest | **%s** |
        | redaction (all detectors, one thread) | %s MB/s |
        | search, 1 client: p50 / p99 / throughput | %s ms / %s ms / %s q/s |
        | search, 4 clients: p50 / p99 / throughput | %s ms / %s ms / %s q/s |
        | service RSS: idle / after the ingests / after the searches | %s / %s / %s MB |

        Not measured yet (issue 7): the naive LangChain4j `EmbeddingStoreIngestor` baseline, a 100k-chunk
        search set with recall@10 against exact search, a throughput chart, and the speed-ups (batched ONNX
        inference, the quantized model, overlapping stages).
        """.formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("java.version"), x.get("records"), x.get("chunks"), x.get("ceiling_chunks_per_s"),
        x.get("http_records_per_s"), x.get("http_chunks_per_s"), x.get("kafka_records_per_s"),
        x.get("kafka_chunks_per_s"), x.get("http_vs_ceiling"), x.get("kafka_vs_ceiling"), x.get("http_embedded_texts"),
        x.get("reingest_ratio"), x.get("reingest_seconds"), x.get("http_seconds"), x.get("reingest_embedded_texts"),
        x.get("redaction_mb_per_s"), x.get("search_1_p50_ms"), x.get("search_1_p99_ms"), x.get("search_1_qps"),
        x.get("search_4_p50_ms"), x.get("search_4_p99_ms"), x.get("search_4_qps"), x.get("rss_idle_mb"),
        x.get("rss_load_mb"), x.get("rss_after_mb"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
  }
}
