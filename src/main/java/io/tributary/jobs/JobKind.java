package io.tributary.jobs;

/**
 * What runs a job of one type: one CDI bean per type ({@code reindex}, {@code reembed}, {@code
 * sync}, {@code purge}); a new type (say, building a model generation) is a new {@link JobParams}
 * record and a new bean, and the runner, the API, the schedules and the audit take it as it is.
 *
 * <p>Contract: thread-safe; {@link #run} may be called on any instance, again after a crash, with
 * the {@link JobContext#checkpoint()} of the last committed checkpoint, and must then go on from
 * there: work done after that checkpoint is done again, so it must be idempotent (a record brought
 * to the current pipeline version drops out of a reindex's selection). It calls {@link
 * JobContext#checkpoint(String, long)} after each unit of work and returns as soon as that answers
 * false (cancelled). It returns normally when done; a {@link RuntimeException} fails the job. It
 * never writes raw values to the job's errors: ids and reasons are redacted ones.
 */
public interface JobKind {

  /** The {@link JobParams#type()} it runs. */
  String type();

  /**
   * Checks and prepares a job when it is queued (a reindex re-reads the source's policy and returns
   * the pipeline versions it brings records to).
   *
   * @return the pipeline version to record with the job, or {@code null}
   * @throws IllegalArgumentException when the parameters do not fit this instance's configuration
   *     (a sync of a source that is no directory source): a 400 at the API
   */
  default String prepare(JobParams params) {
    return null;
  }

  /** Runs the job from its checkpoint to the end. */
  void run(JobContext context);
}
