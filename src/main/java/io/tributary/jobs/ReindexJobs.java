package io.tributary.jobs;

import io.quarkus.runtime.StartupEvent;
import io.tributary.api.ProblemException;
import io.tributary.audit.AuditLog;
import io.tributary.config.SourceCatalog;
import io.tributary.embed.CachingEmbedder;
import io.tributary.embed.Embedder;
import io.tributary.ingest.IngestPipeline;
import io.tributary.ingest.Originals;
import io.tributary.model.AuditEntry;
import io.tributary.model.IngestItem;
import io.tributary.model.RecordOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Reindex: re-processes the records of a source whose pipeline version (policy, detectors,
 * template, chunker, model) is not the current one, from their originals.
 *
 * <p>A job first re-reads the source's policy file, so that an edited policy applies without a
 * restart, then pages through the outdated records in id order. A record whose original an {@link
 * OriginalReader} can read again (Kafka: by topic, partition and offset) is re-ingested through
 * {@link IngestPipeline#ingest} with actor {@code reindex:<job id>}, which replaces its chunks in
 * one transaction; one that came over HTTP, or whose message is gone, is listed as {@code
 * needsResend}. One job at a time per source (the {@code jobs} table enforces it); start and end
 * are audited. Jobs run on a small pool of their own threads and record progress after every page;
 * a running job without progress for {@value #IDLE_MINUTES} minutes (its instance stopped) is
 * marked {@code interrupted} when an instance starts or a reindex is requested.
 */
@ApplicationScoped
public class ReindexJobs {

  private static final Logger LOG = Logger.getLogger(ReindexJobs.class);
  static final int PAGE = 20;

  /** A running job without progress for this long is taken for one whose instance stopped. */
  static final int IDLE_MINUTES = 10;

  private final JobStore jobs;
  private final SourceCatalog sources;
  private final IngestPipeline pipeline;
  private final Originals originals;
  private final AuditLog audit;
  private final Embedder embedder;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "tributary-reindex");
            t.setDaemon(true);
            return t;
          });

  public ReindexJobs(
      JobStore jobs,
      SourceCatalog sources,
      IngestPipeline pipeline,
      Originals originals,
      AuditLog audit,
      Embedder embedder) {
    this.embedder = embedder;
    this.jobs = jobs;
    this.sources = sources;
    this.pipeline = pipeline;
    this.originals = originals;
    this.audit = audit;
  }

  void onStart(@Observes StartupEvent event) {
    interruptIdle();
  }

  private void interruptIdle() {
    int interrupted = jobs.interruptIdle(IDLE_MINUTES);
    if (interrupted > 0) {
      LOG.warnf(
          "%d job(s) without progress for %d minutes marked interrupted",
          interrupted, IDLE_MINUTES);
    }
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /**
   * Starts a reindex of the source and returns it, running.
   *
   * @throws ProblemException 409 when one already runs for the source
   */
  public Job start(String source, String actor) {
    sources.reload(source);
    // Records and documents of a source get different versions (template vs parser); both are
    // current.
    String version = String.join(",", pipeline.currentPipelineVersions(source));
    interruptIdle(); // a job orphaned by a stopped instance does not block the source for ever
    Job job =
        jobs.start(Job.REINDEX, source, actor, version)
            .orElseThrow(
                () ->
                    new ProblemException(
                        409,
                        "Reindex running",
                        "a reindex of "
                            + source
                            + " is running: "
                            + jobs.running(Job.REINDEX, source)
                                .map(j -> "/v1/jobs/" + j.id())
                                .orElse("see /v1/jobs")));
    audit.append(
        new AuditEntry(
            actor,
            "job.reindex.started",
            source,
            null,
            Map.of("job", job.id(), "pipelineVersion", version)));
    LOG.infof("reindex job %d of %s started, pipeline version %s", job.id(), source, version);
    executor.submit(() -> run(job));
    return job;
  }

  public Optional<Job> find(long id) {
    return jobs.find(id);
  }

  private void run(Job job) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("selected", 0);
    counts.put("needsResend", 0);
    List<String> needsResend = new ArrayList<>();
    String status = Job.SUCCEEDED;
    String error = null;
    try {
      String after = "";
      while (!Thread.currentThread().isInterrupted()) {
        List<JobStore.Outdated> page =
            jobs.outdated(job.source(), List.of(job.pipelineVersion().split(",")), after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        after = page.get(page.size() - 1).id();
        reprocess(job, page, counts, needsResend);
        if (!jobs.progress(job.id(), counts, needsResend)) {
          LOG.warnf(
              "reindex job %d of %s was marked interrupted; stopping", job.id(), job.source());
          return;
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        status = Job.INTERRUPTED;
        error = "the instance stopped while the job ran";
      }
    } catch (RuntimeException e) {
      status = Job.FAILED;
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.errorf("reindex job %d of %s failed: %s", job.id(), job.source(), e.getClass().getName());
    }
    try {
      jobs.finish(job.id(), status, counts, needsResend, error);
      Map<String, Object> detail = new LinkedHashMap<>(counts);
      detail.put("job", job.id());
      detail.put("status", status);
      audit.append(new AuditEntry(job.actor(), "job.reindex.finished", job.source(), null, detail));
      LOG.infof("reindex job %d of %s %s: %s", job.id(), job.source(), status, counts);
    } catch (RuntimeException e) {
      LOG.errorf("reindex job %d: cannot record its end (%s)", job.id(), e.getClass().getName());
    }
  }

  /** Re-reads the page's originals and re-ingests them in one batch; the rest need a resend. */
  private void reprocess(
      Job job,
      List<JobStore.Outdated> page,
      Map<String, Integer> counts,
      List<String> needsResend) {
    List<IngestItem> items = new ArrayList<>();
    for (JobStore.Outdated r : page) {
      counts.merge("selected", 1, Integer::sum);
      Optional<IngestItem> original = originals.read(job.source(), r.id(), r.origin());
      if (original.isPresent()) {
        items.add(original.get());
      } else {
        counts.merge("needsResend", 1, Integer::sum);
        if (needsResend.size() < Job.MAX_LISTED) {
          needsResend.add(r.id());
        }
      }
    }
    if (items.isEmpty()) {
      return;
    }
    // Vectors taken from the embedding cache vs computed by the model, while this page ran (an
    // ingest of another source at the same time counts here too).
    CachingEmbedder cache = embedder instanceof CachingEmbedder c ? c : null;
    long reused = cache == null ? 0 : cache.reused();
    long computed = cache == null ? 0 : cache.computed();
    for (RecordOutcome o : pipeline.ingest(job.source(), items, "reindex:" + job.id())) {
      counts.merge(o.status().wire(), 1, Integer::sum);
    }
    if (cache != null) {
      counts.merge("vectorsReused", (int) (cache.reused() - reused), Integer::sum);
      counts.merge("vectorsComputed", (int) (cache.computed() - computed), Integer::sum);
    }
  }
}
