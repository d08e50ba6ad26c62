package io.tributary.bench;

import com.pgvector.PGvector;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Search at 100k chunks without embedding 100k texts: the service's {@code chunks} table is topped
 * up with synthetic rows whose vectors are seeded perturbations of real chunk vectors (two real
 * vectors mixed, Gaussian noise added, renormalised), written with COPY while the HNSW index is
 * dropped and then rebuilt with the same definition as the migration's. Then latency and throughput
 * over the service's {@code POST /v1/search} and at the SQL level, and recall@10 of the HNSW scan
 * against exact search for several {@code hnsw.ef_search} values.
 */
final class SearchScale {

  static final String SOURCE = "bench-synthetic";
  static final int PER_RECORD = 10;
  static final double MIX = 0.6;
  static final double NOISE = 0.025;
  static final String SEARCH_SQL =
      "SELECT id, text, provenance, 1 - (embedding <=> ?) AS score FROM chunks ORDER BY embedding"
          + " <=> ? LIMIT 10";

  record Fill(
      long total, long synthetic, boolean reused, double copySeconds, double indexSeconds) {}

  record Latency(int clients, int queries, double p50Ms, double p99Ms, double qps) {}

  record EfPoint(int ef, double recall, double p50Ms, double p99Ms) {}

  /** One client's queries; {@code query(i)} runs the i-th. */
  interface Client extends AutoCloseable {
    void query(int i) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  interface ClientFactory {
    Client open() throws Exception;
  }

  private SearchScale() {}

  /**
   * Tops {@code chunks} up to {@code target} rows with synthetic chunks derived from the chunks of
   * {@code baseSource}. Reuses an earlier fill of the same size and seed.
   */
  static Fill fill(String jdbc, String baseSource, int target, long seed) throws Exception {
    // v2: synthetic chunks carry metadata {"bucket": "bNN"}, NN = row % 100, so "metadata.bucket"
    // = "b07" is a 1% filter (bench/SearchBench).
    String marker = "bench-synthetic-v2-" + seed;
    try (Connection c = Bench.db(jdbc);
        Statement s = c.createStatement()) {
      long real = Bench.count(jdbc, "SELECT count(*) FROM chunks WHERE source <> '" + SOURCE + "'");
      long wanted = Math.max(0, target - real);
      long have = Bench.count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + SOURCE + "'");
      long marked =
          Bench.count(
              jdbc,
              "SELECT count(*) FROM records WHERE source = '"
                  + SOURCE
                  + "' AND pipeline_version = '"
                  + marker
                  + "'");
      boolean indexed =
          Bench.count(
                  jdbc, "SELECT count(*) FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw'")
              == 1;
      if (have == wanted && marked > 0 && indexed) {
        return new Fill(real + have, have, true, 0, 0);
      }

      List<float[]> bases = new ArrayList<>();
      List<String[]> baseRows = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT embedding::text, text, token_count, provenance::text FROM chunks"
                  + " WHERE source = '"
                  + baseSource
                  + "' ORDER BY id")) {
        while (rs.next()) {
          bases.add(parseVector(rs.getString(1)));
          baseRows.add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
      if (bases.isEmpty()) {
        throw new IllegalStateException(
            "no chunks of " + baseSource + " to derive synthetic chunks from");
      }

      s.execute("DELETE FROM records WHERE source = '" + SOURCE + "'");
      s.execute("INSERT INTO sources (name) VALUES ('" + SOURCE + "') ON CONFLICT DO NOTHING");
      s.execute("DROP INDEX IF EXISTS chunks_embedding_hnsw");
      double copySeconds;
      double indexSeconds;
      try {
        long t0 = System.nanoTime();
        CopyIn records =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY records (source, external_id, version, status, content_hash,"
                        + " pipeline_version, chunk_count) FROM STDIN");
        StringBuilder b = new StringBuilder();
        for (long r = 0; r * PER_RECORD < wanted; r++) {
          long n = Math.min(PER_RECORD, wanted - r * PER_RECORD);
          b.append(SOURCE)
              .append('\t')
              .append(recordId(r))
              .append("\t1\tindexed\tsynthetic\t")
              .append(marker)
              .append('\t')
              .append(n)
              .append('\n');
          if (b.length() > 1 << 20) {
            write(records, b);
          }
        }
        write(records, b);
        records.endCopy();

        Random rnd = new Random(seed);
        CopyIn chunks =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                    "COPY chunks (id, source, external_id, ordinal, text, token_count, embedding,"
                        + " provenance, metadata) FROM STDIN");
        float[] v = new float[bases.get(0).length];
        for (long i = 0; i < wanted; i++) {
          int a = rnd.nextInt(bases.size());
          float[] x = bases.get(a);
          float[] y = bases.get(rnd.nextInt(bases.size()));
          double w = MIX * rnd.nextDouble();
          double norm = 0;
          for (int d = 0; d < v.length; d++) {
            v[d] = (float) (x[d] + w * y[d] + NOISE * rnd.nextGaussian());
            norm += v[d] * v[d];
          }
          norm = Math.sqrt(norm);
          String[] row = baseRows.get(a);
          b.append(
                  UUID.nameUUIDFromBytes(
                      (SOURCE + "/" + seed + "/" + i).getBytes(StandardCharsets.UTF_8)))
              .append('\t')
              .append(SOURCE)
              .append('\t')
              .append(recordId(i / PER_RECORD))
              .append('\t')
              .append(i % PER_RECORD)
              .append('\t');
          escape(b, row[0]);
          b.append('\t').append(row[1]).append('\t').append('[');
          for (int d = 0; d < v.length; d++) {
            if (d > 0) {
              b.append(',');
            }
            fixed(b, v[d] / norm);
          }
          b.append("]\t");
          escape(b, row[2]);
          b.append("\t{\"bucket\": \"").append(bucket(i)).append("\"}\n");
          if (b.length() > 1 << 20) {
            write(chunks, b);
          }
        }
        write(chunks, b);
        chunks.endCopy();
        copySeconds = (System.nanoTime() - t0) / 1e9;

        t0 = System.nanoTime();
        s.execute("SET maintenance_work_mem = '512MB'");
        s.execute(
            "CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding"
                + " vector_cosine_ops)");
        indexSeconds = (System.nanoTime() - t0) / 1e9;
      } finally {
        // Never leave the service's table without its index, whatever failed above.
        s.execute(
            "CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw ON chunks USING hnsw (embedding"
                + " vector_cosine_ops)");
      }
      s.execute("ANALYZE chunks");
      return new Fill(real + wanted, wanted, false, copySeconds, indexSeconds);
    }
  }

  /** Runs {@code total} queries split over {@code clients} threads, each with its own client. */
  static Latency load(int clients, int total, ClientFactory factory) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Client> opened = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        opened.add(factory.open());
      }
      long t0 = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      int per = total / clients;
      for (int c = 0; c < clients; c++) {
        Client client = opened.get(c);
        int offset = c * per;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < per; i++) {
                    long s = System.nanoTime();
                    client.query(offset + i);
                    latencies.add(System.nanoTime() - s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      for (Client client : opened) {
        client.close();
      }
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return new Latency(
          clients,
          sorted.size(),
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.size() / seconds);
    } finally {
      pool.shutdown();
    }
  }

  static ClientFactory http(String url, List<String> queries) {
    return () ->
        i -> {
          String q = queries.get(i % queries.size());
          Bench.post(
              url + "/v1/search",
              Bench.JSON.writeValueAsString(
                  Bench.JSON
                      .createObjectNode()
                      .put("query", q)
                      .put("topK", 10)
                      .put("mode", "vector")));
        };
  }

  /** The service's own search statement, with the query vector already computed. */
  static ClientFactory sql(String jdbc, List<float[]> vectors, int ef) {
    return () -> {
      Connection c = Bench.db(jdbc);
      try (Statement s = c.createStatement()) {
        s.execute("SET hnsw.ef_search = " + ef);
      }
      PreparedStatement ps = c.prepareStatement(SEARCH_SQL);
      return new Client() {
        @Override
        public void query(int i) throws Exception {
          PGvector v = new PGvector(vectors.get(i % vectors.size()));
          ps.setObject(1, v);
          ps.setObject(2, v);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getString(2);
              rs.getString(3);
            }
          }
        }

        @Override
        public void close() throws Exception {
          c.close();
        }
      };
    };
  }

  /** The exact top 10 of each query: a sequential scan, the index switched off. */
  static List<Set<String>> exact(String jdbc, List<float[]> vectors) throws Exception {
    List<Set<String>> out = new ArrayList<>();
    try (Connection c = Bench.db(jdbc)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL enable_indexscan = off");
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id::text FROM chunks ORDER BY embedding <=> ? LIMIT 10")) {
        for (float[] v : vectors) {
          out.add(ids(ps, v));
        }
      }
      c.rollback();
    }
    return out;
  }

  /** Recall@10 of the HNSW scan at each ef_search, with its single-client SQL latency. */
  static List<EfPoint> sweep(String jdbc, List<float[]> vectors, List<Set<String>> exact, int[] efs)
      throws Exception {
    List<EfPoint> out = new ArrayList<>();
    try (Connection c = Bench.db(jdbc)) {
      String plan = plan(c, vectors.get(0));
      if (!plan.contains("chunks_embedding_hnsw")) {
        throw new IllegalStateException("the search does not use the HNSW index: " + plan);
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id::text FROM chunks ORDER BY embedding <=> ? LIMIT 10")) {
        for (int ef : efs) {
          try (Statement s = c.createStatement()) {
            s.execute("SET hnsw.ef_search = " + ef);
          }
          for (int i = 0; i < Math.min(10, vectors.size()); i++) {
            ids(ps, vectors.get(i));
          }
          long hits = 0;
          long wanted = 0;
          List<Long> latencies = new ArrayList<>();
          for (int i = 0; i < vectors.size(); i++) {
            long t0 = System.nanoTime();
            Set<String> found = ids(ps, vectors.get(i));
            latencies.add(System.nanoTime() - t0);
            for (String id : found) {
              if (exact.get(i).contains(id)) {
                hits++;
              }
            }
            wanted += exact.get(i).size();
          }
          Collections.sort(latencies);
          out.add(
              new EfPoint(
                  ef,
                  (double) hits / wanted,
                  percentile(latencies, 0.5),
                  percentile(latencies, 0.99)));
        }
      }
    }
    return out;
  }

  private static String plan(Connection c, float[] v) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("EXPLAIN SELECT id FROM chunks ORDER BY embedding <=> ? LIMIT 10")) {
      ps.setObject(1, new PGvector(v));
      StringBuilder b = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          b.append(rs.getString(1)).append(' ');
        }
      }
      return b.toString();
    }
  }

  private static Set<String> ids(PreparedStatement ps, float[] v) throws Exception {
    ps.setObject(1, new PGvector(v));
    Set<String> ids = new HashSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  static double percentile(List<Long> sortedNanos, double p) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    return sortedNanos.get(Math.min(sortedNanos.size() - 1, (int) (sortedNanos.size() * p))) / 1e6;
  }

  /** The metadata bucket of the i-th synthetic chunk: each of the 100 buckets holds 1% of them. */
  static String bucket(long i) {
    return String.format("b%02d", i % 100);
  }

  private static String recordId(long r) {
    return "S-" + r;
  }

  static float[] parseVector(String text) {
    String[] parts = text.substring(1, text.length() - 1).split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }

  /** Six decimals, fixed point, without String.format (38M numbers go through here). */
  private static void fixed(StringBuilder b, double x) {
    long q = Math.round(x * 1_000_000);
    if (q < 0) {
      b.append('-');
      q = -q;
    }
    b.append(q / 1_000_000).append('.');
    String frac = Long.toString(q % 1_000_000);
    for (int i = frac.length(); i < 6; i++) {
      b.append('0');
    }
    b.append(frac);
  }

  /** COPY text format: backslash, tab, newline and carriage return escaped. */
  private static void escape(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(ch);
      }
    }
  }

  private static void write(CopyIn copy, StringBuilder b) throws Exception {
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    b.setLength(0);
  }
}
