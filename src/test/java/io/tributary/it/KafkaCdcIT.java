package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Synthetic Debezium PostgreSQL change events (snapshot, create, update, delete + tombstone, out of
 * order, heartbeats, a schema change, poison) on a real topic, mirrored into the real database:
 * newest versions win, deletes stick, a replay of the whole topic changes nothing, non-records are
 * skipped and counted, poison is dead-lettered with a reason and its neighbours go on.
 */
@QuarkusTest
class KafkaCdcIT {

  static KafkaTestClient kafka;
  static final List<String> topics = new ArrayList<>();
  static final List<Path> files = new ArrayList<>();
  @Inject Db db;

  @BeforeAll
  static void connect() {
    kafka = new KafkaTestClient();
  }

  @AfterAll
  static void close() throws Exception {
    kafka.close();
    KafkaTestClient.deleteTopics(topics.toArray(String[]::new));
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }

  static final String KEY_SCHEMA =
      "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"id\"}],"
          + "\"optional\":false,\"name\":\"crm.public.customers.Key\"}";

  static final String ROW_SCHEMA =
      """
      {"type":"struct","optional":true,"name":"crm.public.customers.Value","field":"%s",
       "fields":[{"type":"int32","optional":false,"field":"id"},
        {"type":"string","optional":true,"field":"name"},
        {"type":"string","optional":true,"field":"notes"},
        {"type":"string","optional":true,"field":"email"},
        {"type":"string","optional":true,"field":"ssn"},
        {"type":"string","optional":true,"field":"owner_group"},
        {"type":"string","optional":true,"field":"segment"},
        {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",
         "version":1,"parameters":{"scale":"2"},"field":"balance"},
        {"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1,
         "field":"since"}]}
      """;

  static String key(int id) {
    return "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"id\":" + id + "}}";
  }

  static String row(int id, String notes) {
    return """
    {"id":%d,"name":"Customer %d","notes":"%s","email":"c%d@example.com",
     "ssn":"123-45-67%02d","owner_group":"sales","segment":"enterprise","balance":"AeJA",
     "since":19783}
    """
        .formatted(id, id, notes, id, id);
  }

  static String event(String op, Integer id, String notes, long lsn) {
    String row = id == null ? "null" : row(id, notes);
    String before = op.equals("d") ? row : "null";
    String after = op.equals("d") ? "null" : row;
    String payload =
        """
        {"before":%s,"after":%s,"source":{"version":"2.7.3.Final","connector":"postgresql",
         "name":"crm","ts_ms":1709300700123,"snapshot":"%s","db":"crm",
         "sequence":"[null,\\"%d\\"]","schema":"public","table":"customers","txId":771,
         "lsn":%d,"xmin":null},"op":"%s","ts_ms":1709300700200,"transaction":null}
        """
            .formatted(before, after, op.equals("r") ? "true" : "false", lsn, lsn, op);
    String envelope =
        "{\"type\":\"struct\",\"optional\":false,\"name\":\"crm.public.customers.Envelope\","
            + "\"fields\":["
            + ROW_SCHEMA.formatted("before")
            + ","
            + ROW_SCHEMA.formatted("after")
            + ",{\"type\":\"struct\",\"field\":\"source\",\"fields\":[]},"
            + "{\"type\":\"string\",\"field\":\"op\"}]}";
    return "{\"schema\":" + envelope + ",\"payload\":" + payload + "}";
  }

  /** The change stream: 1..3 snapshot, 4 created, 1 updated, 2 deleted, with non-records. */
  static List<String[]> stream() {
    List<String[]> m = new ArrayList<>();
    m.add(new String[] {key(1), event("r", 1, "First note of one.", 24023100L)});
    m.add(new String[] {key(2), event("r", 2, "First note of two.", 24023100L)});
    m.add(new String[] {key(3), event("r", 3, "First note of three.", 24023100L)});
    m.add(new String[] {"{\"serverName\":\"crm\"}", "{\"ts_ms\":1709300700000}"});
    m.add(new String[] {key(4), event("c", 4, "Created four, call +44 20 7946 0958.", 24023200L)});
    m.add(new String[] {key(1), event("u", 1, "Second note of one.", 24023300L)});
    m.add(new String[] {key(2), event("d", 2, "First note of two.", 24023400L)});
    m.add(new String[] {key(2), null});
    m.add(
        new String[] {
          null,
          "{\"source\":{\"name\":\"crm\"},\"databaseName\":\"crm\",\"ddl\":\"ALTER TABLE customers"
              + " ADD COLUMN tier text\",\"tableChanges\":[]}"
        });
    // poison between good neighbours: a key without the id field, a value that is not JSON
    m.add(new String[] {"{\"customer_no\":9}", event("c", 9, "No id in the key.", 24023450L)});
    m.add(new String[] {key(6), "SSN 123-45-6789 is not JSON"});
    // out of order and late: an older update of 1, a late update of deleted 2, an old snapshot
    m.add(new String[] {key(1), event("u", 1, "Older note of one.", 24023250L)});
    m.add(new String[] {key(2), event("u", 2, "Late update of two.", 24023350L)});
    m.add(new String[] {key(1), event("r", 1, "First note of one.", 24023100L)});
    m.add(new String[] {key(5), event("c", 5, "Created five after the poison.", 24023500L)});
    return m;
  }

  long count(String sql) {
    return db.count(sql);
  }

  @Test
  void should_mirror_a_debezium_stream_and_absorb_its_replay() throws Exception {
    String source = KafkaSources.PREFIX + "-cdc-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("tributary.sources.dir", String.class))
            .resolve(source + ".yaml");
    files.add(file);
    Files.writeString(
        file,
        """
        format: debezium
        id: {from: key, fields: [id]}
        version: {from: lsn}
        text: [notes]
        fields: {ssn: drop, email: hash, name: keep, segment: keep}
        acl: {field: owner_group}
        metadata: [segment]
        """);
    KafkaTestClient.createTopic(topic, 1);
    topics.add(topic);
    String mine = " source = '" + source + "'";

    for (String[] m : stream()) {
      kafka.send(topic, m[0], m[1]);
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(
                      count("SELECT count(*) FROM records WHERE" + mine + " AND external_id = '5'"))
                  .isEqualTo(1);
              assertThat(count("SELECT count(*) FROM dead_letters WHERE" + mine)).isEqualTo(2);
            });

    assertMirror(source);
    List<String> chunkIds = db.strings("SELECT id::text FROM chunks WHERE" + mine + " ORDER BY id");
    String indexedAudits =
        "SELECT count(*) FROM audit_log WHERE" + mine + " AND action = 'ingest.indexed'";
    long indexed = count(indexedAudits);
    assertThat(indexed).as("at least 1, 3, 4, 5 indexed").isGreaterThanOrEqualTo(4);
    long stale =
        count("SELECT count(*) FROM audit_log WHERE" + mine + " AND action = 'ingest.stale'");
    assertThat(stale)
        .as("older update of 1, late update of 2, old snapshot of 1")
        .isGreaterThanOrEqualTo(3);

    // Replay the whole topic: nothing changes.
    for (String[] m : stream()) {
      kafka.send(topic, m[0], m[1]);
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> assertThat(count("SELECT count(*) FROM dead_letters WHERE" + mine)).isEqualTo(4));
    assertMirror(source);
    assertThat(db.strings("SELECT id::text FROM chunks WHERE" + mine + " ORDER BY id"))
        .isEqualTo(chunkIds);
    assertThat(count(indexedAudits)).as("nothing re-indexed by the replay").isEqualTo(indexed);
    assertThat(
            count("SELECT count(*) FROM audit_log WHERE" + mine + " AND action = 'ingest.stale'"))
        .as("the replayed older events are stale again")
        .isGreaterThan(stale);

    given()
        .get("/v1/sources")
        .then()
        .statusCode(200)
        .body(
            "sources.find { it.source == '" + source + "' }.counts.'skipped.heartbeat'", equalTo(2))
        .body(
            "sources.find { it.source == '" + source + "' }.counts.'skipped.schema-change'",
            equalTo(2));
  }

  private void assertMirror(String source) {
    String mine = " source = '" + source + "'";
    assertThat(
            db.strings(
                "SELECT external_id || '=' || status || '@' || version FROM records WHERE"
                    + mine
                    + " ORDER BY external_id"))
        .containsExactly(
            "1=indexed@24023300",
            "2=deleted@24023400",
            "3=indexed@24023100",
            "4=indexed@24023200",
            "5=indexed@24023500");
    assertThat(count("SELECT count(*) FROM chunks WHERE" + mine + " AND external_id = '2'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE"
                    + mine
                    + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
        .as("duplicated chunks")
        .isZero();
    assertThat(db.strings("SELECT text FROM chunks WHERE" + mine + " AND external_id = '1'"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t)
                    .contains("Second note of one.")
                    .contains("balance: 1234.56")
                    .contains("since: 2024-03-01")
                    .doesNotContain("Older note")
                    .doesNotContain("First note"));
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE"
                    + mine
                    + " AND (text LIKE '%123-45-67%' OR text LIKE '%@example.com%'"
                    + " OR text LIKE '%7946 0958%' OR text LIKE '%owner_group%')"))
        .as("PII or the ACL field in chunk text")
        .isZero();
    assertThat(
            db.strings(
                "SELECT (metadata->>'cdc.table') || ' ' || (metadata->>'cdc.lsn') || ' '"
                    + " || (metadata->>'cdc.op') || ' ' || (metadata->>'segment') || ' '"
                    + " || array_to_string(acl, ',') FROM chunks WHERE"
                    + mine
                    + " AND external_id = '1'"))
        .containsExactly("public.customers 24023300 u enterprise sales");
    assertThat(
            db.strings(
                "SELECT provenance->'change'->>'table' || ' ' || (provenance->'change'->>'lsn')"
                    + " || ' ' || (provenance->'change'->>'op') FROM chunks WHERE"
                    + mine
                    + " AND external_id = '4'"))
        .as("provenance names the table, the LSN and the operation")
        .containsExactly("public.customers 24023200 c");
    assertThat(
            db.strings(
                "SELECT DISTINCT reason FROM dead_letters WHERE" + mine + " ORDER BY reason"))
        .containsExactly(
            "source " + source + ", format debezium: no id field 'id' in the message key",
            "source " + source + ", format debezium: value is not JSON");
    assertThat(
            count(
                "SELECT count(*) FROM dead_letters WHERE"
                    + mine
                    + " AND (preview LIKE '%123-45-6789%' OR reason LIKE '%123-45%')"))
        .isZero();
  }
}
