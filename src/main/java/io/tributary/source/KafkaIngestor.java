package io.tributary.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.config.KafkaClients;
import io.tributary.config.MessageFormatName;
import io.tributary.config.RecordMapping;
import io.tributary.config.SourceCatalog;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.IngestMetrics;
import io.tributary.ingest.IngestPipeline;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOutcome;
import io.tributary.pipeline.DeadLetterTopic;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.PipelineException;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.RetryPolicy;
import io.tributary.pipeline.StageGuard;
import io.tributary.pipeline.StageName;
import io.tributary.source.formats.Mapped;
import io.tributary.source.formats.MessageFormat;
import io.tributary.source.formats.MessageFormats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Consumes every source topic with one {@link KafkaConsumer} on one thread, effectively once:
 *
 * <ul>
 *   <li>each poll is processed per source as one pipeline batch (one embedding batch); rejected
 *       messages are dead-lettered (table and, redacted, {@code tributary.<source>.dlq}) before
 *       anything is committed; offsets are committed synchronously only after the whole batch is
 *       stored;
 *   <li>a retriable fault rewinds the uncommitted partitions to the batch start, pauses them, sets
 *       readiness DOWN and retries after an exponential backoff with jitter; re-processing what was
 *       already stored is a no-op ({@code unchanged}), so nothing is lost or duplicated;
 *   <li>a fatal fault stops consumption (readiness DOWN, one error line) without dead-lettering;
 *   <li>shutdown lets the in-flight batch finish, commits it and leaves the group; a crash
 *       re-delivers from the last commit, which the idempotent store absorbs.
 * </ul>
 */
@ApplicationScoped
public class KafkaIngestor {

  private static final Logger LOG = Logger.getLogger(KafkaIngestor.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  static final String ACTOR = "kafka";

  private final TributaryConfig config;
  private final IngestPipeline pipeline;
  private final IngestMetrics metrics;
  private final ConsumerStatus status;
  private final TopicRouter router;
  private final KafkaRecordMapper mapper;
  private final SourceCatalog catalog;
  private final ObjectMapper json;

  /** The reader of each mapping in use (a reindex may reload a source's file). */
  private final Map<RecordMapping, MessageFormat> formats = new ConcurrentHashMap<>();

  private final KafkaClients clients;
  private final DeadLetterTopic deadLetterTopic;

  /**
   * Pause-and-retry and consumer restarts: doubling, equal jitter, no deadline (records are never
   * skipped).
   */
  private final RetryPolicy retry;

  private volatile boolean running;
  private Thread thread;

  public KafkaIngestor(
      TributaryConfig config,
      IngestPipeline pipeline,
      IngestMetrics metrics,
      ConsumerStatus status,
      SourceCatalog catalog,
      ObjectMapper json,
      DeadLetterTopic deadLetterTopic) {
    this.config = config;
    this.deadLetterTopic = deadLetterTopic;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.status = status;
    this.router = new TopicRouter(catalog, config.kafka().sources());
    this.mapper = new KafkaRecordMapper(json, config.ingest().maxRecordBytes());
    this.catalog = catalog;
    this.json = json;
    this.clients = new KafkaClients(config);
    this.retry =
        new RetryPolicy(
            Duration.ofMillis(config.kafka().initialBackoffMs()),
            Duration.ofMillis(config.kafka().maxBackoffMs()),
            2,
            0.5,
            null);
  }

  /** The reader of the source's {@code format:} ({@code tributary}: {@link KafkaRecordMapper}). */
  private MessageFormat formatOf(String source) {
    RecordMapping mapping = catalog.settings(source).mapping();
    if (mapping.format() == MessageFormatName.TRIBUTARY) {
      return mapper;
    }
    return formats.computeIfAbsent(
        mapping, m -> MessageFormats.of(m, json, config.ingest().maxRecordBytes()));
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.kafka().enabled()) {
      status.set(ConsumerStatus.State.DISABLED, "tributary.kafka.enabled=false");
      return;
    }
    running = true;
    status.set(ConsumerStatus.State.STARTING, null);
    thread = new Thread(this::run, "tributary-kafka");
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(Duration.ofSeconds(60).toMillis());
    }
  }

  /**
   * Supervises the consumer: if it dies of anything but a fatal fault (an {@link Error} outside
   * per-record processing, a client failure), the death is visible at once (state STOPPED with the
   * reason, readiness DOWN), and a new consumer is started after a jittered exponential backoff.
   * The new consumer resumes from the last committed offsets, so nothing is skipped.
   */
  private void run() {
    String clientId = "tributary-" + ManagementFactory.getRuntimeMXBean().getName();
    int restarts = 0;
    while (running) {
      Loop loop = null;
      try (KafkaConsumer<String, byte[]> consumer = clients.groupConsumer(clientId);
          DeadLetterTopic.Publisher dlq = deadLetterTopic.open(clientId)) {
        loop = new Loop(consumer, dlq);
        consumer.subscribe(router.subscription(), loop);
        LOG.infof(
            "consuming topics matching %s as group %s",
            router.subscription(), config.kafka().groupId());
        if (loop.run() == Exit.FATAL) {
          return;
        }
      } catch (Throwable e) { // NOPMD: whatever kills the consumer must be seen and survived
        if (loop != null && loop.stored) {
          restarts = 0;
        }
        long sleep = retry.delay(++restarts).toMillis();
        LOG.errorf(
            e,
            "Kafka consumer died (%s); restarting it in %d ms",
            e.getClass().getSimpleName(),
            sleep);
        status.set(
            ConsumerStatus.State.STOPPED,
            "consumer died: " + e.getClass().getSimpleName() + "; restarting in " + sleep + " ms");
        sleepWhileRunning(sleep);
      }
    }
    status.set(ConsumerStatus.State.STOPPED, "shut down");
  }

  private void sleepWhileRunning(long ms) {
    long until = System.currentTimeMillis() + ms;
    try {
      while (running && System.currentTimeMillis() < until) {
        Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** How a consumer's loop ended. */
  private enum Exit {
    SHUTDOWN,
    FATAL
  }

  /** The poll loop and its rebalance listener; confined to the consumer thread. */
  private final class Loop implements ConsumerRebalanceListener {

    private final KafkaConsumer<String, byte[]> consumer;
    private final DeadLetterTopic.Publisher dlq;

    /** Next offset to commit per partition: everything before it is stored or dead-lettered. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();

    private int retries;
    private boolean paused;

    /**
     * Whether this consumer stored a batch: a consumer that dies after working restarts without
     * delay growth.
     */
    boolean stored;

    Loop(KafkaConsumer<String, byte[]> consumer, DeadLetterTopic.Publisher dlq) {
      this.consumer = consumer;
      this.dlq = dlq;
    }

    Exit run() {
      while (running) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
        commitDone();
        updateLag();
        if (polled.isEmpty()) {
          if (!paused && status.state() != ConsumerStatus.State.RUNNING) {
            status.set(ConsumerStatus.State.RUNNING, null);
          }
          continue;
        }
        try {
          process(polled);
          retries = 0;
          stored = true;
          status.set(ConsumerStatus.State.RUNNING, null);
        } catch (FatalPipelineException e) {
          LOG.errorf(
              "FATAL at %s: %s; consumption stopped until the fault is fixed and the service"
                  + " restarted",
              e.stage(), e.getMessage());
          status.set(ConsumerStatus.State.STOPPED, "fatal: " + e.getMessage());
          return Exit.FATAL;
        } catch (RetriableException e) {
          pauseAndBackOff(e);
        } catch (RuntimeException e) {
          // An unexpected failure: never skip the records; hold them and make it visible.
          LOG.errorf(e, "unexpected failure processing a batch; holding its partitions");
          pauseAndBackOff(
              new RetriableException(
                  StageName.SOURCE, "unexpected " + e.getClass().getSimpleName(), e));
        }
      }
      commitDone();
      return Exit.SHUTDOWN;
    }

    /** One pipeline batch per source; commits each source's partitions once its batch is stored. */
    private void process(ConsumerRecords<String, byte[]> polled) {
      Map<String, List<ConsumerRecord<String, byte[]>>> bySource = new LinkedHashMap<>();
      for (ConsumerRecord<String, byte[]> r : polled) {
        String source = router.sourceOf(r.topic()).orElse(null);
        if (source == null) {
          LOG.warnf("topic %s belongs to no source; skipping offset %d", r.topic(), r.offset());
          markDone(r);
          continue;
        }
        bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(r);
      }
      List<List<ConsumerRecord<String, byte[]>>> batches = new ArrayList<>(bySource.values());
      List<String> sources = new ArrayList<>(bySource.keySet());
      for (int i = 0; i < batches.size(); i++) {
        try {
          processSource(sources.get(i), batches.get(i));
        } catch (RuntimeException e) {
          // This source's batch and those after it are not stored: deliver them again from their
          // start.
          for (List<ConsumerRecord<String, byte[]>> undone : batches.subList(i, batches.size())) {
            rewind(undone);
          }
          throw e;
        }
      }
    }

    private void rewind(List<ConsumerRecord<String, byte[]>> undone) {
      Map<TopicPartition, Long> first = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : undone) {
        first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
      }
      first.forEach(
          (tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
              consumer.seek(tp, offset);
            }
          });
    }

    private void processSource(String source, List<ConsumerRecord<String, byte[]>> all) {
      MessageFormat format = formatOf(source);
      List<IngestItem> items = new ArrayList<>(all.size());
      List<ConsumerRecord<String, byte[]>> messages = new ArrayList<>(all.size());
      Map<String, Integer> skipped = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> m : all) {
        Mapped mapped = read(format, source, m);
        if (mapped instanceof Mapped.Skipped s) {
          skipped.merge(s.kind(), 1, Integer::sum);
        } else {
          items.add(((Mapped.Item) mapped).item());
          messages.add(m);
        }
      }
      List<RecordOutcome> outcomes;
      try {
        outcomes = items.isEmpty() ? List.of() : pipeline.ingest(source, items, ACTOR);
      } catch (PipelineException e) {
        metrics.fault(source, e);
        throw e;
      }
      if (!skipped.isEmpty()) {
        metrics.skipped(source, skipped);
      }
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i).deadLettered()) {
          byte[] raw = messages.get(i).value();
          String redacted =
              raw == null
                  ? null
                  : pipeline.redactPayload(source, new String(raw, StandardCharsets.UTF_8));
          ConsumerRecord<String, byte[]> m = messages.get(i);
          dlq.publish(
              source,
              Origin.kafka(m.topic(), m.partition(), m.offset()),
              outcomes.get(i),
              redacted);
        }
      }
      all.forEach(this::markDone);
      commitDone();
    }

    /** A message as an item; whatever reading it throws makes it malformed, never the batch. */
    private Mapped read(MessageFormat format, String source, ConsumerRecord<String, byte[]> m) {
      Origin origin = Origin.kafka(m.topic(), m.partition(), m.offset());
      try {
        return format.read(source, m.key(), m.value(), origin);
      } catch (Throwable t) { // NOPMD: one message's Error must not stop the stream
        return new Mapped.Item(
            new IngestItem.Malformed(
                m.key(), StageGuard.failure(StageName.SOURCE, t), null, origin));
      }
    }

    private void markDone(ConsumerRecord<String, byte[]> r) {
      done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }

    /**
     * Commits what is done. During a cooperative rebalance the broker refuses commits for a moment:
     * the offsets stay in {@code done} and are committed after the next poll (or on revocation). If
     * the group has moved on without us, the new owner re-delivers and the store absorbs it.
     */
    private void commitDone() {
      // Offsets of partitions this consumer no longer owns (revoked, or their topic deleted) are
      // dropped: a commit for a deleted topic is retried until the API timeout (60 s), and the
      // loop stalled on it at every pass. Each commit is bounded for the same reason.
      done.keySet().retainAll(consumer.assignment());
      if (done.isEmpty()) {
        return;
      }
      try {
        consumer.commitSync(done, COMMIT_TIMEOUT);
        done.clear();
      } catch (RebalanceInProgressException | RetriableCommitFailedException | TimeoutException e) {
        LOG.debugf("offset commit deferred (%s)", e.getClass().getSimpleName());
      } catch (CommitFailedException e) {
        LOG.warnf(
            "offset commit refused after a rebalance; %d partitions will be re-delivered",
            done.size());
        done.clear();
      }
    }

    /**
     * The failed batch was rewound by {@link #process}; hold every partition for a jittered
     * backoff.
     */
    private void pauseAndBackOff(RetriableException e) {
      commitDone();
      long sleep = retry.delay(++retries).toMillis();
      LOG.warnf(
          "retriable fault at %s (%s); partitions paused, retrying in %d ms",
          e.stage(), e.getMessage(), sleep);
      status.set(ConsumerStatus.State.PAUSED, e.stage() + ": " + e.getMessage());
      consumer.pause(consumer.assignment());
      paused = true;
      long until = System.currentTimeMillis() + sleep;
      while (running && System.currentTimeMillis() < until) {
        consumer.poll(
            Duration.ofMillis(Math.min(200, Math.max(1, until - System.currentTimeMillis()))));
      }
      consumer.resume(consumer.paused());
      paused = false;
    }

    private void updateLag() {
      Map<String, Long> lag = new HashMap<>();
      Map<String, String> topic = new HashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        router
            .sourceOf(tp.topic())
            .ifPresent(
                source -> {
                  consumer.currentLag(tp).ifPresent(l -> lag.merge(source, l, Long::sum));
                  topic.put(source, tp.topic());
                });
      }
      lag.forEach((source, l) -> status.lag(source, topic.get(source), l));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitDone();
      done.keySet().removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      done.keySet().removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused) {
        consumer.pause(partitions);
      }
      LOG.infof("assigned %d partitions", partitions.size());
    }
  }
}
