package io.tributary.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running job as its {@link JobKind} sees it: its parameters, the checkpoint to resume from, and
 * the counters it reports. {@link #checkpoint(String, long)} commits progress to the {@code jobs}
 * row; everything counted since the last checkpoint is lost with the instance, and recounted when
 * the work after that checkpoint is done again. Used by one thread.
 */
public final class JobContext {

  private final JobStore store;
  private final Job job;
  private final Map<String, Long> counts;
  private final List<String> needsResend;
  private final List<Job.JobError> errors;
  private String checkpoint;
  private long processed;
  private Long total;
  private boolean cancelled;

  JobContext(JobStore store, Job job, String checkpoint) {
    this.store = store;
    this.job = job;
    this.counts = new LinkedHashMap<>(job.counts());
    this.needsResend = new ArrayList<>(job.needsResend());
    this.errors = new ArrayList<>(job.errors());
    this.checkpoint = checkpoint;
    this.processed = job.progress().processed();
    this.total = job.progress().total();
  }

  public Job job() {
    return job;
  }

  public JobParams params() {
    return job.params();
  }

  /** The audit actor of the work the job does: {@code job:<id>}. */
  public String actor() {
    return "job:" + job.id();
  }

  /** Where to go on from: the last committed checkpoint, or {@code null} on a first run. */
  public String checkpoint() {
    return checkpoint;
  }

  /** Items done so far (committed, plus what was counted since). */
  public long processed() {
    return processed;
  }

  /** The total, once known; may be {@code null}. */
  public Long total() {
    return total;
  }

  /** Sets the number of items the job has in all (processed ones included). */
  public void total(long total) {
    this.total = total;
  }

  public void count(String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  /** A record whose original cannot be read again (counted as {@code needsResend}). */
  public void needsResend(String recordId) {
    count("needsResend", 1);
    if (needsResend.size() < Job.MAX_LISTED) {
      needsResend.add(recordId);
    }
  }

  /** A record (or {@code null}) the job could not process, and why (counted as {@code errors}). */
  public void error(String recordId, String reason) {
    count("errors", 1);
    if (errors.size() < Job.MAX_ERRORS) {
      errors.add(new Job.JobError(recordId, reason == null ? "failed" : reason));
    }
  }

  /**
   * Commits progress: {@code done} more items processed, up to {@code cursor}.
   *
   * @return false when the job must stop (a cancel was asked, or it is no longer running here)
   */
  public boolean checkpoint(String cursor, long done) {
    processed += done;
    checkpoint = cursor;
    JobStore.Checkpointed c =
        store.checkpoint(job.id(), cursor, processed, total, counts, needsResend, errors);
    cancelled = c.cancelRequested();
    return c.running() && !c.cancelRequested() && !Thread.currentThread().isInterrupted();
  }

  /** Whether the last checkpoint saw a cancel request. */
  boolean cancelled() {
    return cancelled;
  }

  Map<String, Long> counts() {
    return counts;
  }

  List<String> needsResendList() {
    return needsResend;
  }

  List<Job.JobError> errors() {
    return errors;
  }

  /** Seconds since {@code since}, for rates in logs. */
  static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }
}
