package io.tributary.source;

import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads one message back from its topic, partition and offset (for dead-letter replay). */
@ApplicationScoped
public class KafkaMessageFetcher {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TributaryConfig config;

  public KafkaMessageFetcher(TributaryConfig config) {
    this.config = config;
  }

  /** The message, or empty when retention has removed it. */
  public Optional<ConsumerRecord<String, byte[]>> fetch(String topic, int partition, long offset) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() == offset) {
            return Optional.of(r);
          }
          if (r.offset() > offset) {
            return Optional.empty();
          }
        }
      }
      return Optional.empty();
    }
  }
}
