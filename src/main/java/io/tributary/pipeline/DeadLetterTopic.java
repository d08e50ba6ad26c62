package io.tributary.pipeline;

import io.tributary.model.Origin;
import io.tributary.model.RecordOutcome;

/**
 * Where a streaming transport publishes the messages it dead-lettered, beside the dead-letter table
 * ({@link DeadLetters}): topic {@code tributary.<source>.dlq} ({@link #topicOf}), which no source
 * ever consumes. The transport owns the consumer and its offsets; the dead letters own the topic.
 *
 * <p>Contract: {@link #open} is thread-safe and gives a {@link Publisher} for one consumer's
 * lifetime, to be closed with it; a publisher is used by one thread at a time. Nothing is mutated.
 */
public interface DeadLetterTopic {

  /** What ends a dead-letter topic's name. */
  String SUFFIX = ".dlq";

  /** The dead-letter topic of a source: {@code tributary.<source>.dlq}. */
  static String topicOf(String source) {
    return "tributary." + source + SUFFIX;
  }

  /**
   * A publisher for one consumer.
   *
   * @param clientId the consumer's client id, which the publisher's is derived from
   */
  Publisher open(String clientId);

  /** Publishes the dead letters of one consumer. */
  interface Publisher extends AutoCloseable {

    /**
     * Publishes one rejected message and waits for the broker's acknowledgement, so that its offset
     * can be committed after.
     *
     * @param source the source whose dead-letter topic receives it
     * @param original the message's topic, partition and offset, carried in headers for replay
     * @param outcome the rejection: record id (as stored), reason, stage and exception class
     * @param redactedValue the message's value with every detector and field policy applied, or
     *     {@code null} for none; never the raw value
     * @throws RetriableException when the topic cannot be reached in time (or the thread is
     *     interrupted): the batch is retried and its offsets stay uncommitted
     */
    void publish(String source, Origin original, RecordOutcome outcome, String redactedValue);

    @Override
    void close();
  }
}
