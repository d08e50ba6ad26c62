package io.tributary.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producing to and reading from the real test broker ({@link TestServices}: native or a container).
 */
public final class KafkaTestClient implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;

  public KafkaTestClient() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafkaBootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Creates a topic with the given partitions (so that tests do not depend on broker defaults). */
  public static void createTopic(String topic, int partitions) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", TestServices.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Whether the group has committed every message of the topic (log end offsets). */
  public static boolean groupCaughtUp(String group, String topic) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", TestServices.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      var partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions();
      java.util.Map<
              org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          latest = new java.util.HashMap<>();
      partitions.forEach(
          pi ->
              latest.put(
                  new org.apache.kafka.common.TopicPartition(topic, pi.partition()),
                  org.apache.kafka.clients.admin.OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      var committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        var c = committed.get(e.getKey());
        if (c == null ? e.getValue().offset() > 0 : c.offset() < e.getValue().offset()) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Deletes a test's topics (and their dead-letter topics) so that no other consumer trips over
   * them.
   */
  public static void deleteTopics(String... topics) {
    Properties p = new Properties();
    p.put("bootstrap.servers", TestServices.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      List<String> all = new ArrayList<>();
      for (String t : topics) {
        all.add(t);
        all.add(t + ".dlq");
      }
      java.util.Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      all.retainAll(existing);
      admin.deleteTopics(all).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete test topics", e);
    }
  }

  public void send(String topic, String key, String value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
        .get(30, TimeUnit.SECONDS);
  }

  public void sendAsync(String topic, String key, String value) {
    producer.send(
        new ProducerRecord<>(
            topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
  }

  public void flush() {
    producer.flush();
  }

  /**
   * Everything in a topic from the beginning, waiting up to {@code wait} for at least {@code min}
   * messages.
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(String topic, int min, Duration wait) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && out.size() < min) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  public static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }
}
