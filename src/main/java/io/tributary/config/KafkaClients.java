package io.tributary.config;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Every Kafka client the service opens is configured here, from {@code tributary.kafka.*}: the
 * group consumer of the sources, the dead-letter producer, and the one-off reader of a message by
 * its offset (replay, reindex). Keys are strings, values bytes, offsets committed by hand. It sits
 * with the configuration so that the transports ({@code source}) and the dead letters ({@code
 * deadletter}) build their clients from one place without depending on each other.
 */
public final class KafkaClients {

  private final TributaryConfig.Kafka kafka;

  public KafkaClients(TributaryConfig config) {
    this.kafka = config.kafka();
  }

  /** The sources' consumer: the group, read-committed, cooperative-sticky, no auto commit. */
  public KafkaConsumer<String, byte[]> groupConsumer(String clientId) {
    Properties p = common();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, kafka.metadataMaxAgeMs());
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A consumer without a group, assigned by hand, that reads one message at a time. */
  public KafkaConsumer<String, byte[]> singleMessageReader() {
    Properties p = common();
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The dead-letter producer: idempotent, acknowledged by all replicas, bounded in time. */
  public KafkaProducer<String, byte[]> deadLetterProducer(String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dlq");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private Properties common() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }
}
