package io.tributary.source;

import io.tributary.model.RecordOutcome;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.StageName;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Publishes rejected messages to {@code tributary.<source>.dlq} with headers in the manner of Kafka
 * Connect's DeadLetterQueueReporter: reason, stage, exception class, original
 * topic/partition/offset and record id. Unlike Connect, the value is the redacted payload: no
 * sensitive value leaves through a dead-letter topic. Replay reads the original from the source
 * topic at the recorded offset.
 */
final class DeadLetterTopic implements AutoCloseable {

  static final String HEADER_PREFIX = "tributary.dlq.";

  private final KafkaProducer<String, byte[]> producer;

  DeadLetterTopic(KafkaProducer<String, byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Publishes and waits for the broker's acknowledgement, so that the offset can be committed
   * after.
   */
  void publish(
      String source,
      ConsumerRecord<String, byte[]> original,
      RecordOutcome outcome,
      String redactedValue) {
    ProducerRecord<String, byte[]> letter =
        // keyed by the record id as stored (redacted), not the raw key: the topic carries no raw
        // value
        new ProducerRecord<>(
            TopicRouter.deadLetterTopic(source),
            outcome.id(),
            redactedValue == null ? null : redactedValue.getBytes(StandardCharsets.UTF_8));
    Headers h = letter.headers();
    header(h, "reason", outcome.error());
    header(h, "stage", outcome.stage());
    header(h, "exception.class", outcome.errorClass());
    header(h, "original.topic", original.topic());
    header(h, "original.partition", String.valueOf(original.partition()));
    header(h, "original.offset", String.valueOf(original.offset()));
    header(h, "record.id", outcome.id());
    try {
      producer.send(letter).get(35, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException(
          StageName.SOURCE, "interrupted while publishing a dead letter", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new RetriableException(
          StageName.SOURCE, "dead-letter topic unavailable: " + e.getClass().getSimpleName(), e);
    }
  }

  private static void header(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
