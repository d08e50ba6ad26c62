package io.tributary.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.api.ProblemException;
import io.tributary.audit.AuditLog;
import io.tributary.model.AuditEntry;
import io.tributary.pipeline.ClusterLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Queues, runs, resumes and cancels jobs, on every instance alike.
 *
 * <p>A job is queued as a {@code jobs} row. Every instance polls ({@code tributary.jobs.poll-
 * interval}, and at once after a submit) for queued and running jobs and tries the job's cluster
 * lock ({@link ClusterLock.Kind#JOB}, a PostgreSQL advisory lock on the job id): the instance that
 * gets it runs the job, so two instances never run the same one. The lock lives as long as the
 * runner's database session: when an instance dies ({@code kill -9}) the lock goes with it, and the
 * next poll of any instance (itself after a restart) finds a {@code running} job whose lock is
 * free, and resumes it from its last checkpoint ({@code job.resumed}). A graceful stop leaves its
 * jobs {@code running} the same way. Every transition is audited: {@code job.queued}, {@code
 * job.started}, {@code job.resumed}, {@code job.cancel-requested}, {@code job.succeeded}, {@code
 * job.failed}, {@code job.cancelled}; checkpoints are recorded in the job's row, not audited.
 */
@ApplicationScoped
public class JobRunner {

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  private final JobStore store;
  private final ClusterLock locks;
  private final AuditLog audit;
  private final Map<String, JobKind> kinds = new ConcurrentHashMap<>();
  private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();
  private final Set<Long> unfitLogged = ConcurrentHashMap.newKeySet();
  private final int threads;
  private final ExecutorService executor;
  private final ExecutorService poller =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "tributary-job-poll");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean stopping = new AtomicBoolean();

  public JobRunner(
      JobStore store,
      ClusterLock locks,
      AuditLog audit,
      Instance<JobKind> kindBeans,
      JobsConfig config) {
    this.store = store;
    this.locks = locks;
    this.audit = audit;
    for (JobKind k : kindBeans) {
      if (kinds.put(k.type(), k) != null) {
        throw new IllegalStateException("two job kinds run type " + k.type());
      }
    }
    this.threads = Math.max(1, config.threads());
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "tributary-job");
              t.setDaemon(true);
              return t;
            });
  }

  void stop(@Observes ShutdownEvent event) {
    stopping.set(true);
    poller.shutdownNow();
    executor.shutdownNow(); // running jobs stay 'running': the next instance resumes them
  }

  /**
   * Queues a job and returns it.
   *
   * @throws ProblemException 400 when this instance cannot run the type or the parameters do not
   *     fit its configuration, 409 when one of the type is queued or running for the source
   */
  public Job submit(JobParams params, String trigger, String actor) {
    JobKind kind = kinds.get(params.type());
    if (kind == null) {
      throw new ProblemException(400, "Invalid job", "no job type " + params.type());
    }
    String pipelineVersion;
    try {
      pipelineVersion = kind.prepare(params);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid job", e.getMessage());
    }
    Job job =
        store
            .queue(params, trigger, actor, pipelineVersion)
            .orElseThrow(
                () ->
                    new ProblemException(
                        409,
                        "Job active",
                        "a "
                            + params.type()
                            + " job "
                            + (params.source() == null
                                ? "of every source"
                                : "of " + params.source())
                            + " is queued or running: "
                            + store
                                .active(params.type(), params.source())
                                .map(j -> "/v1/jobs/" + j.id())
                                .orElse("see /v1/jobs")));
    audit(job, actor, "job.queued", Map.of("trigger", trigger));
    LOG.infof("job %d (%s of %s) queued by %s", job.id(), job.type(), job.source(), trigger);
    wake();
    return job;
  }

  /**
   * Cancels a job: a queued one at once, a running one at its next checkpoint.
   *
   * @throws ProblemException 404 when there is no such job, 409 when it is finished
   */
  public Job cancel(long id, String actor) {
    Job job = store.find(id).orElseThrow(() -> notFound(id));
    if (store.cancelQueued(id, "cancelled by " + actor + " while queued")) {
      audit(job, actor, "job.cancelled", Map.of("while", Job.QUEUED));
    } else if (store.requestCancel(id)) {
      audit(job, actor, "job.cancel-requested", Map.of());
      wake(); // a job that no instance runs now is resumed, sees the request and stops
    } else {
      Job now = store.find(id).orElseThrow(() -> notFound(id));
      throw new ProblemException(409, "Job finished", "job " + id + " is " + now.state());
    }
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  public Optional<Job> find(long id) {
    return store.find(id);
  }

  static ProblemException notFound(long id) {
    return new ProblemException(404, "Not found", "no job " + id);
  }

  /** Polls soon, off the caller's thread. */
  void wake() {
    if (!stopping.get()) {
      try {
        poller.submit(this::poll);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // stopping
      }
    }
  }

  @Scheduled(
      every = "${tributary.jobs.poll-interval:2s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledPoll() {
    wake();
  }

  /** Claims what this instance can run: one poll at a time (the poller is single-threaded). */
  void poll() {
    try {
      for (long id : store.claimable()) {
        if (stopping.get() || runningHere.size() >= threads) {
          return;
        }
        if (!runningHere.contains(id)) {
          claim(id);
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("job poll failed (%s); next poll retries", e.getClass().getSimpleName());
    }
  }

  private void claim(long id) {
    Optional<ClusterLock.Held> lock = locks.tryAcquire(ClusterLock.Kind.JOB, Long.toString(id));
    if (lock.isEmpty()) {
      return; // another instance runs it
    }
    Optional<JobStore.Claimed> claimed;
    try {
      Optional<Job> waiting = store.find(id);
      if (waiting.isEmpty() || !fitsHere(waiting.get())) {
        lock.get().close();
        return;
      }
      claimed = store.begin(id);
    } catch (RuntimeException e) {
      lock.get().close();
      throw e;
    }
    if (claimed.isEmpty()) {
      lock.get().close(); // it finished between the listing and the lock
      return;
    }
    JobStore.Claimed c = claimed.get();
    runningHere.add(id);
    audit(
        c.job(),
        c.job().actor(),
        c.resumed() ? "job.resumed" : "job.started",
        c.resumed()
            ? Map.of(
                "checkpoint",
                String.valueOf(c.checkpoint()),
                "processed",
                c.job().progress().processed())
            : Map.of());
    LOG.infof(
        "job %d (%s of %s) %s%s",
        id,
        c.job().type(),
        c.job().source(),
        c.resumed() ? "resumed from checkpoint " : "started",
        c.resumed() ? String.valueOf(c.checkpoint()) : "");
    try {
      executor.submit(() -> run(c, lock.get()));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      runningHere.remove(id);
      lock.get().close();
    }
  }

  /**
   * Whether this instance runs a job the way it was queued: its configuration brings records to the
   * pipeline versions the job recorded when it was queued. An instance configured otherwise
   * (another redaction key, template or model during a rolling change) leaves the job to one that
   * fits, so a resumed reindex never lists every remaining record as {@code needsResend} or brings
   * them to a version the job did not promise. A job whose cancel was asked is taken by any
   * instance: it only stops.
   */
  private boolean fitsHere(Job job) {
    JobKind kind = kinds.get(job.type());
    if (kind == null) {
      return false;
    }
    if (job.cancelRequested()) {
      return true;
    }
    String here;
    try {
      here = kind.prepare(job.params());
    } catch (IllegalArgumentException e) {
      here = "(cannot run here: " + e.getMessage() + ")";
    }
    if (Objects.equals(here, job.pipelineVersion())) {
      unfitLogged.remove(job.id());
      return true;
    }
    if (unfitLogged.add(job.id())) {
      LOG.warnf(
          "job %d (%s of %s) was queued for pipeline version %s; this instance is at %s and leaves"
              + " it to an instance configured as it was (or cancel it and queue it again)",
          job.id(), job.type(), job.source(), job.pipelineVersion(), here);
    }
    return false;
  }

  private void run(JobStore.Claimed claimed, ClusterLock.Held lock) {
    Job job = claimed.job();
    JobContext context = new JobContext(store, job, claimed.checkpoint());
    String state = Job.SUCCEEDED;
    String error = null;
    try {
      if (job.cancelRequested()) {
        state = Job.CANCELLED;
        error = "cancelled before it ran again";
      } else {
        kinds.get(job.type()).run(context);
        if (context.cancelled()) {
          state = Job.CANCELLED;
          error = "cancelled at checkpoint " + context.checkpoint();
        }
      }
      if (stopping.get() || Thread.currentThread().isInterrupted()) {
        LOG.infof(
            "job %d left running at checkpoint %s: the instance stops",
            job.id(), context.checkpoint());
        return; // resumed by the next instance
      }
    } catch (RuntimeException e) {
      if (stopping.get()) {
        return;
      }
      state = Job.FAILED;
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.errorf(
          "job %d (%s of %s) failed: %s",
          job.id(), job.type(), job.source(), e.getClass().getName());
    } finally {
      runningHere.remove(job.id());
      if (stopping.get() || Thread.currentThread().isInterrupted()) {
        lock.close();
      }
    }
    try {
      store.checkpoint(
          job.id(),
          context.checkpoint(),
          context.processed(),
          context.total(),
          context.counts(),
          context.needsResendList(),
          context.errors());
      if (store.finish(job.id(), state, error)) {
        Map<String, Object> detail = new LinkedHashMap<>(context.counts());
        detail.put("processed", context.processed());
        if (error != null) {
          detail.put("error", error);
        }
        audit(job, job.actor(), "job." + state, detail);
        LOG.infof(
            "job %d (%s of %s) %s: %s",
            job.id(), job.type(), job.source(), state, context.counts());
      }
    } catch (RuntimeException e) {
      LOG.errorf("job %d: cannot record its end (%s)", job.id(), e.getClass().getName());
    } finally {
      lock.close();
      wake();
    }
  }

  private void audit(Job job, String actor, String action, Map<String, ?> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("job", job.id());
    detail.put("type", job.type());
    detail.putAll(extra);
    audit.append(new AuditEntry(actor, action, job.source(), null, detail));
  }
}
