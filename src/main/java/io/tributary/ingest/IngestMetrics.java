package io.tributary.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.model.IngestStatus;
import io.tributary.model.RecordOutcome;
import io.tributary.pipeline.PipelineException;
import io.tributary.pipeline.StageClock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outcome counters per source since this instance started, also published to Micrometer as {@code
 * tributary.records{source,status}} and {@code tributary.faults{source}}; Kafka messages that carry
 * no record (Debezium heartbeats, schema changes...) as {@code skipped.<kind>} and {@code
 * tributary.skipped{source,kind}}; the time of each ingest stage as the timer {@code
 * tributary.stage{stage}} (exported as {@code tributary_stage_seconds_count/_sum/_max}).
 * Thread-safe.
 */
@ApplicationScoped
public class IngestMetrics implements StageClock {

  /** Counters of one source. */
  public record SourceCounts(Map<String, Long> byStatus, String lastError) {}

  private final MeterRegistry registry;
  private final Map<String, Map<IngestStatus, AtomicLong>> counts = new ConcurrentHashMap<>();
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicLong>> skipped = new ConcurrentHashMap<>();
  private final Map<Stage, Timer> stageTimers = new EnumMap<>(Stage.class);

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Stage stage : Stage.values()) {
      stageTimers.put(
          stage,
          Timer.builder("tributary.stage")
              .description("Wall time spent in an ingest stage")
              .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
  }

  @Override
  public void record(Stage stage, long nanos) {
    stageTimers.get(stage).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void record(String source, List<RecordOutcome> outcomes) {
    Map<IngestStatus, AtomicLong> bySource = counts.computeIfAbsent(source, s -> newCounters());
    for (RecordOutcome o : outcomes) {
      bySource.get(o.status()).incrementAndGet();
      registry
          .counter("tributary.records", "source", source, "status", o.status().wire())
          .increment();
      if (o.deadLettered()) {
        lastError.put(source, o.stage() + ": " + o.error());
      }
    }
  }

  /**
   * A stored batch's messages that carry no record, by kind ({@code heartbeat}, {@code
   * schema-change}, ...).
   */
  public void skipped(String source, Map<String, Integer> byKind) {
    counts.computeIfAbsent(source, s -> newCounters());
    Map<String, AtomicLong> bySource =
        skipped.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
    byKind.forEach(
        (kind, n) -> {
          bySource.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
          registry.counter("tributary.skipped", "source", source, "kind", kind).increment(n);
        });
  }

  /** A retriable or fatal fault that stopped a batch of this source. */
  public void fault(String source, PipelineException e) {
    counts.computeIfAbsent(source, s -> newCounters());
    lastError.put(source, e.stage() + ": " + e.getMessage());
    registry
        .counter("tributary.faults", "source", source, "kind", e.getClass().getSimpleName())
        .increment();
  }

  public Map<String, SourceCounts> snapshot() {
    Map<String, SourceCounts> out = new java.util.TreeMap<>();
    counts.forEach(
        (source, c) -> {
          Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
          c.forEach(
              (status, n) ->
                  byStatus.put(
                      status == IngestStatus.REJECTED ? "deadLettered" : status.wire(), n.get()));
          new java.util.TreeMap<>(skipped.getOrDefault(source, Map.of()))
              .forEach((kind, n) -> byStatus.put("skipped." + kind, n.get()));
          out.put(source, new SourceCounts(byStatus, lastError.get(source)));
        });
    return out;
  }

  private static Map<IngestStatus, AtomicLong> newCounters() {
    Map<IngestStatus, AtomicLong> m = new EnumMap<>(IngestStatus.class);
    for (IngestStatus s : IngestStatus.values()) {
      m.put(s, new AtomicLong());
    }
    return m;
  }
}
