package io.tributary.deadletter;

import io.tributary.config.KafkaClients;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Origin;
import io.tributary.model.RecordOutcome;
import io.tributary.pipeline.DeadLetterTopic;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.StageName;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
@ApplicationScoped
public class KafkaDeadLetterTopic implements DeadLetterTopic {

  static final String HEADER_PREFIX = "tributary.dlq.";

  private final KafkaClients clients;

  public KafkaDeadLetterTopic(TributaryConfig config) {
    this.clients = new KafkaClients(config);
  }

  /** A producer of its own (client id {@code <clientId>-dlq}), closed with the publisher. */
  @Override
  public Publisher open(String clientId) {
    return new KafkaPublisher(clients.deadLetterProducer(clientId));
  }

  private static final class KafkaPublisher implements Publisher {

    private final KafkaProducer<String, byte[]> producer;

    KafkaPublisher(KafkaProducer<String, byte[]> producer) {
      this.producer = producer;
    }

    @Override
    public void publish(
        String source, Origin original, RecordOutcome outcome, String redactedValue) {
      ProducerRecord<String, byte[]> letter =
          // keyed by the record id as stored (redacted), not the raw key: the topic carries no raw
          // value
          new ProducerRecord<>(
              DeadLetterTopic.topicOf(source),
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

    @Override
    public void close() {
      producer.close();
    }
  }

  private static void header(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
