package io.tributary.source;

import io.tributary.config.KafkaClients;
import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

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
    try (KafkaConsumer<String, byte[]> consumer = new KafkaClients(config).singleMessageReader()) {
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
