package io.tributary.source;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The Kafka consumer's state, read by readiness and {@code GET /v1/sources}. Thread-safe. */
@ApplicationScoped
public class ConsumerStatus {

  /** Lifecycle of the consumer. */
  public enum State {
    DISABLED,
    STARTING,
    RUNNING,
    /** A retriable fault: partitions paused, backing off, will resume by itself. */
    PAUSED,
    /** A fatal fault or shutdown: not consuming until restarted. */
    STOPPED
  }

  private volatile State state = State.DISABLED;
  private volatile String reason;
  private final Map<String, Long> lagBySource = new ConcurrentHashMap<>();
  private final Map<String, String> topicBySource = new ConcurrentHashMap<>();

  void set(State state, String reason) {
    this.state = state;
    this.reason = reason;
  }

  public State state() {
    return state;
  }

  /** Why the consumer is paused or stopped, or {@code null}. */
  public String reason() {
    return reason;
  }

  void lag(String source, String topic, long lag) {
    lagBySource.put(source, lag);
    topicBySource.put(source, topic);
  }

  public Map<String, Long> lagBySource() {
    return Map.copyOf(lagBySource);
  }

  public Map<String, String> topicBySource() {
    return Map.copyOf(topicBySource);
  }
}
