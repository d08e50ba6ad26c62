package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue #14 item 4: a real CRM (its own PostgreSQL cluster), captured by a real Debezium connector
 * (pgoutput) in a real Kafka Connect worker, mirrored by the packaged service through the sources
 * {@code config/sources/crm-customers.yaml} and {@code crm-tickets.yaml}. Inserts, updates and
 * deletes in both tables, a connector restart, a forced re-snapshot of every row (offsets deleted)
 * and an {@code ALTER TABLE ... ADD COLUMN} mid-stream; each time Tributary holds exactly the CRM's
 * rows of this run at their newest change, no chunk twice, and none of the PII planted in the
 * notes. Needs {@code scripts/services.sh up cdc}.
 */
class CdcEndToEndIT {

  static final String CUSTOMERS = "crm-customers";
  static final String TICKETS = "crm-tickets";
  static final int ROWS = 24;

  private final Random random = new Random();
  private final List<String> canaries = new ArrayList<>();

  /** Per CRM id of this run: the WAL window [after, upTo] in which its newest change committed. */
  private final Map<Long, long[]> customerWindow = new HashMap<>();

  private final Map<Long, long[]> ticketWindow = new HashMap<>();

  private CrmCdc crm;
  private long base;

  @Test
  void should_mirror_the_crm_tables_exactly_across_restarts_a_resnapshot_and_a_new_column()
      throws Exception {
    Assumptions.assumeTrue(
        TestServices.choice() == TestServices.Choice.NATIVE,
        "the Connect worker of scripts/services.sh writes to the native broker 127.0.0.1:9092");
    crm = CrmCdc.running();
    // ids of this run only: earlier runs and the demo leave rows of their own
    base = 1_000_000L + (System.currentTimeMillis() / 1000 % 100_000) * 1000;
    String group = "cdc-it-" + UUID.randomUUID();
    Map<String, String> env =
        Map.of(
            "TRIBUTARY_KAFKA_GROUP_ID",
            group,
            "TRIBUTARY_KAFKA_SOURCES",
            CUSTOMERS + "|" + TICKETS);

    try (ServiceProcess service = ServiceProcess.start("cdc-e2e", env)) {
      // 1. Inserts, then updates (some twice), then deletes, in both tables.
      for (long i = 0; i < ROWS; i++) {
        insertCustomer(base + i, "first");
        insertTicket(base + i, base + i, "open");
      }
      for (long i = 0; i < ROWS; i += 2) {
        updateCustomer(base + i, "second");
      }
      for (long i = 0; i < ROWS; i += 4) {
        updateCustomer(base + i, "third");
        updateTicket(base + i, "closed");
      }
      for (long i = 1; i < ROWS; i += 6) {
        deleteTicket(base + i);
      }
      // a customer's delete cascades to its ticket: both deletions must arrive
      deleteCustomer(base + 5);
      deleteCustomer(base + 10);
      awaitMirror("after inserts, updates and deletes");
      Map<String, Long> chunksBefore = chunkCounts();

      // 2. The connector restarted (its task resumes from the offsets it committed): changes made
      // around the restart arrive once, the mirror stays exact.
      crm.restartConnector();
      updateCustomer(base + 2, "after-restart");
      insertCustomer(base + ROWS, "after-restart");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(crm::connectorRunning);
      awaitMirror("after a connector restart");

      // 3. Offsets deleted: Debezium snapshots every row again (op r, with a newer LSN than the
      // stored changes) and streams on. Nothing is duplicated, no deleted row comes back.
      crm.resnapshot();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(crm::connectorRunning);
      // a change after the snapshot: once it is mirrored, the snapshot before it on the same
      // single-partition topic has been consumed too
      updateCustomer(base + 4, "after-resnapshot");
      awaitMirror("after a re-snapshot of every row");
      // and every snapshot event before it consumed, whichever partition it is on
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  KafkaTestClient.groupCaughtUp(group, crm.topic("customers"))
                      && KafkaTestClient.groupCaughtUp(group, crm.topic("tickets")));
      awaitMirror("after the re-snapshot was consumed");
      Map<String, Long> chunksAfter = chunkCounts();
      chunksBefore.remove(CUSTOMERS + ":" + (base + 2));
      chunksBefore.remove(CUSTOMERS + ":" + (base + 4));
      chunksBefore.forEach(
          (key, n) ->
              assertThat(chunksAfter.get(key))
                  .as("chunks of %s after redelivery", key)
                  .isEqualTo(n));

      // 4. ALTER TABLE ... ADD COLUMN mid-stream: the new column's values reach the records.
      long before = crm.walPosition();
      long upTo =
          crm.commit(
              "ALTER TABLE customers ADD COLUMN IF NOT EXISTS tier text",
              "UPDATE customers SET tier = 'gold', notes = notes || ' Tier raised.' WHERE id = "
                  + (base + 6));
      customerWindow.put(base + 6, new long[] {before, upTo});
      insertCustomerWithTier(base + ROWS + 1, "platinum");
      awaitMirror("after ALTER TABLE customers ADD COLUMN tier");
      assertThat(chunkTexts(CUSTOMERS, base + 6)).contains("tier: gold");
      assertThat(chunkTexts(CUSTOMERS, base + ROWS + 1)).contains("tier: platinum");

      // Provenance of a change names the table, the LSN and the operation.
      assertThat(
              Sql.strings(
                  "SELECT DISTINCT metadata->>'cdc.table' FROM chunks WHERE source = '"
                      + CUSTOMERS
                      + "' AND external_id = '"
                      + (base + 4)
                      + "'"))
          .containsExactly("public.customers");
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM chunks c JOIN records r USING (source, external_id)"
                      + " WHERE c.source = '"
                      + CUSTOMERS
                      + "' AND c.external_id = '"
                      + (base + 4)
                      + "' AND c.metadata->>'cdc.op' = 'u'"
                      + " AND (c.metadata->>'cdc.lsn')::bigint = r.version"))
          .as("chunks of customer %d naming op u and the record's LSN", base + 4)
          .isPositive();

      assertNoCanaryStored(service);
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM dead_letters WHERE source IN ('"
                      + CUSTOMERS
                      + "', '"
                      + TICKETS
                      + "') AND created_at > now() - interval '1 hour'"
                      + " AND "
                      + textRange("record_id")))
          .as("dead letters of this run")
          .isZero();
    } finally {
      crm.commit(
          "DELETE FROM customers WHERE id BETWEEN " + base + " AND " + (base + 999),
          "DELETE FROM tickets WHERE id BETWEEN " + base + " AND " + (base + 999));
    }
  }

  // ------------------------------------------------------------------ CRM changes

  private String canaryNotes(long id, String revision) {
    String email = "canary." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String phone = "+1 415 555 " + (1000 + random.nextInt(8999));
    String card = CanaryIT.luhnCard(random);
    canaries.add(email);
    canaries.add(phone);
    canaries.add(card);
    return "Customer "
        + id
        + " revision "
        + revision
        + ": call "
        + phone
        + " or write to "
        + email
        + "; card on file "
        + card
        + ".";
  }

  private String ssn() {
    String ssn =
        String.format(
            "%03d-%02d-%04d",
            100 + random.nextInt(500), 10 + random.nextInt(89), 1000 + random.nextInt(8999));
    canaries.add(ssn);
    return ssn;
  }

  private void record(Map<Long, long[]> windows, long id, long before, long upTo) {
    windows.put(id, new long[] {before, upTo});
  }

  private void insertCustomer(long id, String revision) throws Exception {
    String email = "owner." + id + "." + random.nextInt(1_000_000) + "@example.org";
    canaries.add(email);
    long before = crm.walPosition();
    long upTo =
        crm.commit(
            "INSERT INTO customers (id, name, email, ssn, segment, country, owner_group, notes,"
                + " balance) VALUES ("
                + id
                + ", 'Company "
                + id
                + "', '"
                + email
                + "', '"
                + ssn()
                + "', 'enterprise', 'US', 'sales', '"
                + canaryNotes(id, revision)
                + "', 1234.50)");
    record(customerWindow, id, before, upTo);
  }

  private void insertCustomerWithTier(long id, String tier) throws Exception {
    long before = crm.walPosition();
    long upTo =
        crm.commit(
            "INSERT INTO customers (id, name, ssn, segment, country, owner_group, notes, tier)"
                + " VALUES ("
                + id
                + ", 'Company "
                + id
                + "', '"
                + ssn()
                + "', 'smb', 'FR', 'sales', '"
                + canaryNotes(id, "with-tier")
                + "', '"
                + tier
                + "')");
    record(customerWindow, id, before, upTo);
  }

  private void updateCustomer(long id, String revision) throws Exception {
    long before = crm.walPosition();
    long upTo =
        crm.commit(
            "UPDATE customers SET notes = '"
                + canaryNotes(id, revision)
                + "', updated_at = now() WHERE id = "
                + id);
    record(customerWindow, id, before, upTo);
  }

  private void deleteCustomer(long id) throws Exception {
    long before = crm.walPosition();
    long upTo = crm.commit("DELETE FROM customers WHERE id = " + id);
    record(customerWindow, id, before, upTo);
    // its ticket (same id) goes with it (ON DELETE CASCADE), in the same transaction
    if (ticketWindow.containsKey(id)) {
      record(ticketWindow, id, before, upTo);
    }
  }

  private void insertTicket(long id, long customer, String status) throws Exception {
    long before = crm.walPosition();
    long upTo =
        crm.commit(
            "INSERT INTO tickets (id, customer_id, subject, body, status, owner_group) VALUES ("
                + id
                + ", "
                + customer
                + ", 'Ticket "
                + id
                + " about an invoice', '"
                + canaryNotes(id, "ticket")
                + "', '"
                + status
                + "', 'support')");
    record(ticketWindow, id, before, upTo);
  }

  private void updateTicket(long id, String status) throws Exception {
    long before = crm.walPosition();
    long upTo = crm.commit("UPDATE tickets SET status = '" + status + "' WHERE id = " + id);
    record(ticketWindow, id, before, upTo);
  }

  private void deleteTicket(long id) throws Exception {
    long before = crm.walPosition();
    long upTo = crm.commit("DELETE FROM tickets WHERE id = " + id);
    record(ticketWindow, id, before, upTo);
  }

  // ------------------------------------------------------------------ the mirror

  private String range(String column) {
    return column + " BETWEEN " + base + " AND " + (base + 999);
  }

  /** A text id column in this run's range (other ids need not be numbers). */
  private String textRange(String column) {
    return range("CASE WHEN " + column + " ~ '^[0-9]{1,18}$' THEN " + column + "::bigint END");
  }

  private Set<String> crmIds(String table) throws Exception {
    Set<String> ids = new TreeSet<>();
    try (var c = crm.connect();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT id FROM " + table + " WHERE " + range("id"))) {
      while (rs.next()) {
        ids.add(Long.toString(rs.getLong(1)));
      }
    }
    return ids;
  }

  private String mine(String source) {
    return "source = '" + source + "' AND " + textRange("external_id");
  }

  private Set<String> indexed(String source) {
    return new TreeSet<>(
        Sql.strings(
            "SELECT external_id FROM records WHERE " + mine(source) + " AND status = 'indexed'"));
  }

  /** Waits until each table's rows of this run are the source's indexed records, then checks. */
  private void awaitMirror(String when) throws Exception {
    Set<String> customers = crmIds("customers");
    Set<String> tickets = crmIds("tickets");
    await(when)
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(indexed(CUSTOMERS)).as("indexed customers").isEqualTo(customers);
              assertThat(indexed(TICKETS)).as("indexed tickets").isEqualTo(tickets);
              assertThat(behind(CUSTOMERS, customerWindow)).as("customers behind").isEmpty();
              assertThat(behind(TICKETS, ticketWindow)).as("tickets behind").isEmpty();
            });
    assertThat(indexed(CUSTOMERS)).as("customers %s", when).isEqualTo(customers);
    assertThat(indexed(TICKETS)).as("tickets %s", when).isEqualTo(tickets);
    for (String source : List.of(CUSTOMERS, TICKETS)) {
      Set<String> crmIds = source.equals(CUSTOMERS) ? customers : tickets;
      Map<Long, long[]> windows = source.equals(CUSTOMERS) ? customerWindow : ticketWindow;
      // every deleted row of this run is a deleted record, not a missing one
      for (long id : windows.keySet()) {
        if (!crmIds.contains(Long.toString(id))) {
          assertThat(
                  Sql.count(
                      "SELECT count(*) FROM records WHERE source = '"
                          + source
                          + "' AND external_id = '"
                          + id
                          + "' AND status = 'deleted' AND chunk_count = 0"))
              .as("%s %d deleted %s", source, id, when)
              .isEqualTo(1);
        }
      }
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM chunks c JOIN records r USING (source, external_id) WHERE"
                      + " c."
                      + mine(source)
                      + " AND r.status = 'deleted'"))
          .as("chunks of deleted %s records %s", source, when)
          .isZero();
      // chunks = exactly those of the newest versions: no duplicate, no orphan, no old version
      assertThat(Sql.count("SELECT count(*) FROM chunks WHERE " + mine(source)))
          .as("%s chunks = sum of chunk_count %s", source, when)
          .isEqualTo(
              Sql.count("SELECT coalesce(sum(chunk_count), 0) FROM records WHERE " + mine(source)));
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM (SELECT external_id, text FROM chunks WHERE "
                      + mine(source)
                      + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
          .as("duplicated %s chunks %s", source, when)
          .isZero();
      assertThat(
              Sql.count(
                  "SELECT count(*) FROM chunks c JOIN records r USING (source, external_id) WHERE"
                      + " c."
                      + mine(source)
                      + " AND (c.provenance->>'recordVersion')::bigint <> r.version"))
          .as("%s chunks of an old version %s", source, when)
          .isZero();
    }
  }

  /**
   * The records of this run not yet at (or after, for a re-snapshot) the LSN of their newest
   * change, as {@code id: version < WAL insert position before that change}.
   */
  private List<String> behind(String source, Map<Long, long[]> windows) {
    Map<String, Long> versions = new HashMap<>();
    for (String row :
        Sql.strings(
            "SELECT external_id || ':' || coalesce(version, -1) FROM records WHERE "
                + mine(source))) {
      int colon = row.indexOf(':');
      versions.put(row.substring(0, colon), Long.parseLong(row.substring(colon + 1)));
    }
    List<String> behind = new ArrayList<>();
    for (var e : windows.entrySet()) {
      Long version = versions.get(Long.toString(e.getKey()));
      // the change's WAL record starts at the insert position read before it, or later
      if (version == null || version < e.getValue()[0]) {
        behind.add(e.getKey() + ": " + version + " < " + e.getValue()[0]);
      }
    }
    return behind;
  }

  private Map<String, Long> chunkCounts() {
    Map<String, Long> counts = new HashMap<>();
    for (String source : List.of(CUSTOMERS, TICKETS)) {
      for (String row :
          Sql.strings(
              "SELECT external_id || ':' || chunk_count FROM records WHERE " + mine(source))) {
        int colon = row.indexOf(':');
        counts.put(
            source + ":" + row.substring(0, colon), Long.parseLong(row.substring(colon + 1)));
      }
    }
    return counts;
  }

  private String chunkTexts(String source, long id) {
    return String.join(
        "\n",
        Sql.strings(
            "SELECT text FROM chunks WHERE source = '"
                + source
                + "' AND external_id = '"
                + id
                + "'"));
  }

  private void assertNoCanaryStored(ServiceProcess service) throws Exception {
    String where = "source IN ('" + CUSTOMERS + "', '" + TICKETS + "')";
    List<String> rows = new ArrayList<>();
    rows.addAll(Sql.strings("SELECT r::text FROM records r WHERE " + where));
    rows.addAll(Sql.strings("SELECT c::text FROM chunks c WHERE " + where));
    rows.addAll(Sql.strings("SELECT d::text FROM dead_letters d WHERE " + where));
    rows.addAll(Sql.strings("SELECT a::text FROM audit_log a WHERE " + where));
    String database = String.join("\n", rows);
    String log = Files.readString(service.log);
    assertThat(canaries).hasSizeGreaterThan(100);
    for (String c : canaries) {
      assertThat(database).as("database holds " + c).doesNotContain(c);
      assertThat(log).as("service log holds " + c).doesNotContain(c);
    }
  }
}
