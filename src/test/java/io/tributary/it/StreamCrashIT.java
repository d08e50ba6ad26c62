package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The stream promise, counted: 5,000 messages with 10% re-sent duplicates, 3% newer versions and 1%
 * poison; the service killed (SIGKILL) mid-stream; two instances sharing the partitions, one of
 * them stopped (SIGTERM) mid-stream; then the whole topic replayed from offset 0 by a fresh
 * consumer group. Real broker, real database, real model, the packaged service.
 */
class StreamCrashIT {

  static final int TOTAL = 5_000;
  static final int DUPLICATES = 500;
  static final int NEWER = 150;
  static final int POISON = 50;
  static final int BASE = TOTAL - DUPLICATES - NEWER - POISON;

  record Message(String key, String value) {}

  static String record(String id, int version) {
    String topic =
        switch (Integer.parseInt(id.substring(2)) % 4) {
          case 0 -> "an invoice dispute about duplicate charges";
          case 1 -> "a request to upgrade the support plan";
          case 2 -> "a delayed shipment of spare parts";
          default -> "a question about warranty coverage";
        };
    return "{\"id\":\""
        + id
        + "\",\"version\":"
        + version
        + ",\"fields\":{\"customer\":\"Customer "
        + id
        + "\"},\"text\":\"Ticket "
        + id
        + " version "
        + version
        + " concerns "
        + topic
        + ".\"}";
  }

  @Test
  void should_lose_nothing_and_duplicate_nothing_across_a_kill_and_a_full_replay()
      throws Exception {
    String source = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    String topic = "tributary." + source;
    String group = "crash-" + UUID.randomUUID();
    KafkaTestClient.createTopic(topic, 3);
    try {
      run(source, topic, group);
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
  }

  private void run(String source, String topic, String group) throws Exception {

    Random random = new Random(42);
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < BASE; i++) {
      String id = String.format("R-%05d", i);
      messages.add(new Message(id, record(id, 1)));
    }
    Set<String> newer = new HashSet<>();
    while (newer.size() < NEWER) {
      newer.add(String.format("R-%05d", random.nextInt(BASE)));
    }
    for (String id : newer) {
      insertAfter(messages, random, id, new Message(id, record(id, 2)));
    }
    for (int i = 0; i < DUPLICATES; i++) {
      Message original = messages.get(random.nextInt(messages.size()));
      insertAfter(messages, random, original.key(), original);
    }
    for (int i = 0; i < POISON; i++) {
      String key = "poison-" + i;
      String value =
          switch (i % 3) {
            case 0 -> "{not json";
            case 1 -> "{\"text\":\"no id here\"}";
            default -> "{\"id\":\"" + key + "\",\"version\":\"seven\",\"text\":\"bad version\"}";
          };
      messages.add(random.nextInt(messages.size() + 1), new Message(key, value));
    }
    assertThat(messages).hasSize(TOTAL);

    try (KafkaTestClient kafka = new KafkaTestClient()) {
      for (Message m : messages) {
        kafka.sendAsync(topic, m.key(), m.value());
      }
      kafka.flush();
    }

    Map<String, String> env =
        new HashMap<>(Map.of("TRIBUTARY_KAFKA_GROUP_ID", group, "TRIBUTARY_KAFKA_SOURCES", source));
    String mine = "source = '" + source + "'";
    try (ServiceProcess first = ServiceProcess.start("crash-first", env)) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Sql.count("SELECT count(*) FROM records WHERE " + mine) >= BASE / 3);
      first.kill();
    }
    long atKill = Sql.count("SELECT count(*) FROM records WHERE " + mine);
    assertThat(atKill).as("killed mid-stream").isLessThan(BASE);

    // Two instances in the same group share the partitions; one is stopped (SIGTERM) mid-stream and
    // the other takes its partitions over after the rebalance.
    try (ServiceProcess second = ServiceProcess.start("crash-second", env);
        ServiceProcess third = ServiceProcess.start("crash-third", env)) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Sql.count("SELECT count(*) FROM records WHERE " + mine)
                      >= atKill + (BASE - atKill) / 2);
      second.stop();
      assertThat(Sql.count("SELECT count(*) FROM records WHERE " + mine))
          .as("stopped mid-stream")
          .isLessThan(BASE);
      await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> KafkaTestClient.groupCaughtUp(group, topic));
      third.stop();
    }

    // Stored records = distinct valid ids, each at its newest version; nothing else.
    assertThat(Sql.count("SELECT count(*) FROM records WHERE " + mine)).isEqualTo(BASE);
    assertThat(Sql.count("SELECT count(*) FROM records WHERE " + mine + " AND status <> 'indexed'"))
        .isZero();
    assertThat(Sql.strings("SELECT external_id FROM records WHERE " + mine + " AND version = 2"))
        .containsExactlyInAnyOrderElementsOf(newer);
    assertThat(
            Sql.count("SELECT count(*) FROM records WHERE " + mine + " AND version NOT IN (1, 2)"))
        .isZero();
    // Chunks = exactly those of the newest versions: no orphans, no duplicates.
    long chunks = Sql.count("SELECT count(*) FROM chunks WHERE " + mine);
    assertThat(chunks).isEqualTo(Sql.count("SELECT sum(chunk_count) FROM records WHERE " + mine));
    assertThat(
            Sql.count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE "
                    + mine
                    + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
        .as("duplicated chunks")
        .isZero();
    assertThat(
            Sql.count(
                "SELECT count(*) FROM chunks c JOIN records r USING (source, external_id) WHERE c."
                    + mine
                    + " AND ((c.provenance->>'recordVersion')::bigint <> r.version"
                    + " OR c.text NOT LIKE '%version ' || r.version || ' concerns%')"))
        .as("chunks of an old version")
        .isZero();
    // Dead letters = the poison messages, once each, in the table and on the DLQ topic.
    assertThat(Sql.count("SELECT count(*) FROM dead_letters WHERE " + mine)).isEqualTo(POISON);
    List<ConsumerRecord<String, byte[]>> dlq =
        KafkaTestClient.readAll(topic + ".dlq", POISON, Duration.ofSeconds(30));
    assertThat(
            dlq.stream()
                .map(r -> KafkaTestClient.header(r, "tributary.dlq.original.offset"))
                .distinct()
                .count())
        .isEqualTo(POISON);

    // Each record version was stored exactly once, across the kill, the stop and the rebalance.
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE " + mine + " AND action = 'ingest.indexed'"))
        .isEqualTo(BASE + NEWER);
    long auditBefore = Sql.count("SELECT count(*) FROM audit_log WHERE " + mine);
    long chunkRowsBefore = Sql.count("SELECT count(*) FROM chunks WHERE " + mine);
    String ids =
        String.join(
            ",",
            Sql.strings("SELECT id::text FROM chunks WHERE " + mine).stream().sorted().toList());

    // Replay the whole topic from offset 0 with a fresh group: no new rows, no embedding.
    String replayGroup = "replay-" + UUID.randomUUID();
    try (ServiceProcess replay =
        ServiceProcess.start(
            "crash-replay",
            Map.of("TRIBUTARY_KAFKA_GROUP_ID", replayGroup, "TRIBUTARY_KAFKA_SOURCES", source))) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> KafkaTestClient.groupCaughtUp(replayGroup, topic));
      assertThat(
              replay.metric(
                  "tributary_records_total{source=\"" + source + "\",status=\"indexed\"}"))
          .isZero();
      assertThat(replay.metric("tributary_records_total{source=\"" + source + "\""))
          .isEqualTo(TOTAL);
      // None for the replay: at most the one text of a start-up dimension probe (the generations'
      // start-up check reads the stored dimension and may embed nothing).
      assertThat(replay.metric("tributary_embedding_texts_total")).isLessThanOrEqualTo(1.0);
      replay.stop();
    }
    assertThat(Sql.count("SELECT count(*) FROM records WHERE " + mine)).isEqualTo(BASE);
    assertThat(Sql.count("SELECT count(*) FROM chunks WHERE " + mine)).isEqualTo(chunkRowsBefore);
    assertThat(
            String.join(
                ",",
                Sql.strings("SELECT id::text FROM chunks WHERE " + mine).stream()
                    .sorted()
                    .toList()))
        .isEqualTo(ids);
    assertThat(Sql.count("SELECT count(*) FROM dead_letters WHERE " + mine)).isEqualTo(POISON);
    assertThat(Sql.count("SELECT count(*) FROM audit_log WHERE " + mine))
        .isGreaterThan(auditBefore);
  }

  /** Inserts {@code m} at a random position after the last message with the same key. */
  private static void insertAfter(List<Message> messages, Random random, String key, Message m) {
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).key().equals(key)) {
        last = i;
        break;
      }
    }
    messages.add(last + 1 + random.nextInt(messages.size() - last), m);
  }
}
