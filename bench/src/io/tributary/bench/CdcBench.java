package io.tributary.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * CDC freshness and throughput (issue #14 item 7), in one run against a service that consumes the
 * source {@code crm-customers} (Debezium, {@code config/sources/crm-customers.yaml}) and {@code
 * bench-k-<run>} (Tributary's own record JSON):
 *
 * <ol>
 *   <li>freshness: {@code changes} row changes in the CRM (new rows and updates of rows inserted
 *       before, each change to another row), paced at {@code rate} a second; for each, the time
 *       from its commit returning to the client to the service's audit entry {@code ingest.indexed}
 *       of that row (written in the transaction that makes its chunks searchable), both on this
 *       machine's clock; p50, p90, p99 and max.
 *   <li>throughput: {@code burst} new rows committed in the CRM as fast as one client can, timed
 *       from the first commit to the last row stored; then the same rows (same fields, same notes)
 *       as Tributary records produced to {@code tributary.bench-k-<run>}, timed from the first send
 *       to the last stored.
 * </ol>
 *
 * <p>Usage: {@code CdcBench <tributaryJdbcUrl> <crm.env> <run> <changes> <rate> <burst> <out.md>};
 * the rows it writes are deleted at the end.
 */
public final class CdcBench {

  static final String SOURCE = "crm-customers";
  static final String[] SEGMENTS = {"enterprise", "mid-market", "smb"};
  static final String[] COUNTRIES = {"US", "DE", "FR", "PL", "GB", "JP"};
  static final String[] TOPICS = {
    "an invoice with the wrong VAT rate",
    "late deliveries of spare parts",
    "a renewal with a volume discount",
    "single sign-on through SAML",
    "a refund for a damaged shipment",
    "an audit export of user activity"
  };

  record Row(long id, String name, String email, String segment, String country, String notes) {}

  public static void main(String[] args) throws Exception {
    String jdbc = args[0];
    Map<String, String> crmEnv = env(Path.of(args[1]));
    String run = args[2];
    int changes = Integer.parseInt(args[3]);
    double rate = Double.parseDouble(args[4]);
    int burst = Integer.parseInt(args[5]);
    Path out = Path.of(args[6]);
    Random random = new Random(20261202);
    // this run's ids: far from the seed rows, the tests' and the demo's
    long base = 50_000_000L + (System.currentTimeMillis() / 1000 % 10_000) * 10_000;
    String crmUrl = crmEnv.get("CRM_JDBC_URL");
    String crmUser = crmEnv.get("CRM_USER");
    String crmPassword = crmEnv.get("CRM_PASSWORD");
    List<String> lines = new ArrayList<>();
    try (Connection crm = DriverManager.getConnection(crmUrl, crmUser, crmPassword)) {
      crm.setAutoCommit(true);
      // --- freshness ---------------------------------------------------------------------------
      int updates = changes * 3 / 10;
      List<Row> warm = new ArrayList<>();
      for (int i = 0; i < updates; i++) {
        warm.add(row(base + i, random));
      }
      insert(crm, warm);
      awaitIndexed(jdbc, base, base + updates - 1, updates, 600);
      Thread.sleep(2000);
      long[] ids = new long[changes];
      Instant[] committed = new Instant[changes];
      long intervalNanos = (long) (1e9 / rate);
      long start = System.nanoTime();
      try (PreparedStatement up =
              crm.prepareStatement(
                  "UPDATE customers SET notes = ?, updated_at = now() WHERE id = ?");
          PreparedStatement in = insertStatement(crm)) {
        for (int i = 0; i < changes; i++) {
          long due = start + i * intervalNanos;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          if (i % 10 < 3 && i / 10 * 3 + i % 10 < updates) {
            // an update of a warm row, each warm row once
            long id = base + (i / 10 * 3 + i % 10);
            up.setString(1, row(id, random).notes() + " Updated in change " + i + ".");
            up.setLong(2, id);
            up.executeUpdate();
            ids[i] = id;
          } else {
            Row r = row(base + updates + i, random);
            bind(in, r);
            in.executeUpdate();
            ids[i] = r.id();
          }
          committed[i] = Instant.now();
        }
      }
      double offeredRate = changes / ((System.nanoTime() - start) / 1e9);
      awaitFreshness(jdbc, ids, committed, 600);
      double[] lat = freshness(jdbc, ids, committed);
      Arrays.sort(lat);
      lines.add(
          "| CDC freshness, commit → searchable, "
              + changes
              + " changes at "
              + f(offeredRate)
              + " changes/s ("
              + updates
              + " updates, "
              + (changes - updates)
              + " inserts) | p50 "
              + f(pct(lat, 50))
              + " ms, p90 "
              + f(pct(lat, 90))
              + " ms, **p99 "
              + f(pct(lat, 99))
              + " ms**, max "
              + f(lat[lat.length - 1])
              + " ms |");

      // --- throughput: CDC --------------------------------------------------------------------
      long burstBase = base + 5_000;
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        rows.add(row(burstBase + i, random));
      }
      long t0 = System.nanoTime();
      insert(crm, rows);
      double committedAfter = (System.nanoTime() - t0) / 1e9;
      awaitIndexed(jdbc, burstBase, burstBase + burst - 1, burst, 900);
      double cdcSeconds = (System.nanoTime() - t0) / 1e9;
      long cdcChunks =
          Bench.count(
              jdbc,
              "SELECT count(*) FROM chunks WHERE source = '"
                  + SOURCE
                  + "' AND "
                  + idRange(burstBase, burst));

      // --- throughput: the same rows in Tributary's format ------------------------------------
      String kafkaSource = "bench-k-" + run;
      Properties p = new Properties();
      p.put(
          "bootstrap.servers",
          System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
      p.put("acks", "all");
      t0 = System.nanoTime();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        for (Row r : rows) {
          producer.send(
              new ProducerRecord<>(
                  "tributary." + kafkaSource, Long.toString(r.id()), tributaryRecord(r)));
        }
      }
      long deadline = System.nanoTime() + 900_000_000_000L;
      while (Bench.count(jdbc, "SELECT count(*) FROM records WHERE source = '" + kafkaSource + "'")
          < burst) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Tributary-format records not stored within 900 s");
        }
        Thread.sleep(50);
      }
      double ownSeconds = (System.nanoTime() - t0) / 1e9;
      long ownChunks =
          Bench.count(jdbc, "SELECT count(*) FROM chunks WHERE source = '" + kafkaSource + "'");
      lines.add(
          "| CDC throughput: "
              + burst
              + " inserts committed (in "
              + f(committedAfter)
              + " s) → stored | "
              + f(burst / cdcSeconds)
              + " records/s, "
              + f(cdcChunks / cdcSeconds)
              + " chunks/s ("
              + f(cdcSeconds)
              + " s) |");
      lines.add(
          "| the same "
              + burst
              + " rows as Tributary records on Kafka, produced → stored | "
              + f(burst / ownSeconds)
              + " records/s, "
              + f(ownChunks / ownSeconds)
              + " chunks/s ("
              + f(ownSeconds)
              + " s) |");
      lines.add(
          "| **CDC / Tributary format** (records/s) | **" + f(ownSeconds / cdcSeconds) + "** |");

      try (Statement s = crm.createStatement()) {
        s.executeUpdate(
            "DELETE FROM customers WHERE id BETWEEN " + base + " AND " + (base + 9_999));
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("\n## CDC: Debezium change events from the demo CRM (bench/CdcBench, ")
        .append(Instant.now())
        .append(")\n\n")
        .append("Debezium ")
        .append(System.getenv().getOrDefault("DEBEZIUM_VERSION", "3.6.1.Final"))
        .append(
            " (pgoutput) in a standalone Kafka Connect worker, all on this machine; load average at"
                + " the end: ")
        .append(Files.readString(Path.of("/proc/loadavg")).trim())
        .append(".\n\n| figure | value |\n|---|---|\n");
    lines.forEach(l -> md.append(l).append('\n'));
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  static Row row(long id, Random r) {
    String topic = TOPICS[r.nextInt(TOPICS.length)];
    String phone = "+1 415 555 " + (1000 + r.nextInt(8999));
    return new Row(
        id,
        "Company " + id,
        "contact." + id + "@example.com",
        SEGMENTS[r.nextInt(SEGMENTS.length)],
        COUNTRIES[r.nextInt(COUNTRIES.length)],
        "Customer "
            + id
            + " called about "
            + topic
            + ". Call back on "
            + phone
            + "; the account manager promised an answer within two working days.");
  }

  static PreparedStatement insertStatement(Connection c) throws Exception {
    return c.prepareStatement(
        "INSERT INTO customers (id, name, email, ssn, segment, country, owner_group, notes,"
            + " balance) VALUES (?, ?, ?, '123-45-6789', ?, ?, 'sales', ?, 100.00)");
  }

  static void bind(PreparedStatement in, Row r) throws Exception {
    in.setLong(1, r.id());
    in.setString(2, r.name());
    in.setString(3, r.email());
    in.setString(4, r.segment());
    in.setString(5, r.country());
    in.setString(6, r.notes());
  }

  /** One transaction per row, as fast as one client can. */
  static void insert(Connection crm, List<Row> rows) throws Exception {
    try (PreparedStatement in = insertStatement(crm)) {
      for (Row r : rows) {
        bind(in, r);
        in.executeUpdate();
      }
    }
  }

  /** The same row as a Tributary record (the fields the CDC source keeps, the notes as text). */
  static String tributaryRecord(Row r) throws Exception {
    ObjectNode rec = Bench.JSON.createObjectNode();
    rec.put("id", Long.toString(r.id()));
    rec.put("version", 1);
    ObjectNode fields = rec.putObject("fields");
    fields.put("name", r.name());
    fields.put("email", r.email());
    fields.put("segment", r.segment());
    fields.put("country", r.country());
    fields.put("owner_group", "sales");
    fields.put("balance", "100.00");
    rec.put("text", r.notes());
    rec.putArray("acl").add("sales");
    ObjectNode meta = rec.putObject("metadata");
    meta.put("segment", r.segment());
    meta.put("country", r.country());
    return Bench.JSON.writeValueAsString(rec);
  }

  static String idRange(long from, int n) {
    return "CASE WHEN external_id ~ '^[0-9]{1,18}$' THEN external_id::bigint END BETWEEN "
        + from
        + " AND "
        + (from + n - 1);
  }

  static void awaitIndexed(String jdbc, long from, long to, int n, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (Bench.count(
            jdbc,
            "SELECT count(*) FROM records WHERE source = '"
                + SOURCE
                + "' AND status = 'indexed' AND "
                + idRange(from, (int) (to - from + 1)))
        < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(n + " CDC records not stored within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }

  /** The first ingest.indexed audit entry of each changed row after its commit, as epoch ms. */
  static Map<Long, List<Long>> indexedAt(String jdbc, long[] ids, Instant since) throws Exception {
    Map<Long, List<Long>> at = new HashMap<>();
    try (Connection c = Bench.db(jdbc);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT record_id, at FROM audit_log WHERE source = ? AND action = 'ingest.indexed'"
                    + " AND at >= ? ORDER BY at")) {
      s.setString(1, SOURCE);
      s.setTimestamp(2, Timestamp.from(since.minusSeconds(1)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          if (id != null && id.matches("[0-9]{1,18}")) {
            at.computeIfAbsent(Long.parseLong(id), k -> new ArrayList<>())
                .add(
                    rs.getTimestamp(2).getTime() * 1000
                        + rs.getTimestamp(2).getNanos() / 1000 % 1000);
          }
        }
      }
    }
    return at;
  }

  static void awaitFreshness(String jdbc, long[] ids, Instant[] committed, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      try {
        freshness(jdbc, ids, committed);
        return;
      } catch (IllegalStateException missing) {
        if (System.nanoTime() > deadline) {
          throw missing;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Milliseconds from each change's commit to the first indexing of its row after it. */
  static double[] freshness(String jdbc, long[] ids, Instant[] committed) throws Exception {
    Map<Long, List<Long>> at = indexedAt(jdbc, ids, committed[0]);
    double[] lat = new double[ids.length];
    for (int i = 0; i < ids.length; i++) {
      long commitMicros = committed[i].getEpochSecond() * 1_000_000 + committed[i].getNano() / 1000;
      Long first = null;
      for (long a : at.getOrDefault(ids[i], List.of())) {
        // the commit's Instant is taken after commit() returned: an entry up to 50 ms earlier is
        // this change's (the connector cannot see a change before it commits)
        if (a >= commitMicros - 50_000) {
          first = a;
          break;
        }
      }
      if (first == null) {
        throw new IllegalStateException("change " + i + " of row " + ids[i] + " not indexed yet");
      }
      lat[i] = Math.max(0, (first - commitMicros) / 1000.0);
    }
    return lat;
  }

  static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static Map<String, String> env(Path file) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  static String f(double v) {
    return String.format("%.2f", v);
  }
}
