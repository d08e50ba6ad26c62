package io.tributary.jobs;

import io.tributary.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * What the operator console does with jobs, over the same {@link JobRunner} and {@link JobStore} as
 * {@code /v1/jobs}: list the recent ones, start a reindex, cancel one, and tell how far one is.
 * Thread-safe.
 */
@ApplicationScoped
public class JobControl {

  /**
   * How far a job is, as the console's progress bar and {@code scripts/reindex.sh} read it.
   *
   * @param done items processed so far
   * @param total items to do ({@code done} while the total is not known yet)
   * @param percent 0..100; 100 once the job has ended
   * @param finished whether the job has ended
   */
  public record Progress(
      long id, String status, long done, long total, int percent, boolean finished) {}

  private final JobStore store;
  private final JobRunner runner;

  public JobControl(JobStore store, JobRunner runner) {
    this.store = store;
    this.runner = runner;
  }

  /** The newest jobs first, at most {@code limit}. */
  public List<Job> recent(int limit) {
    return store.list(null, null, null, 0, limit).items();
  }

  public Optional<Job> find(long id) {
    return store.find(id);
  }

  /** Queues a reindex of the source (audited); 409 problem when one is queued or running. */
  public Job startReindex(String source, String actor) {
    return runner.submit(new JobParams.Reindex(source, false), Job.API, actor);
  }

  /** Queues a sync of a directory source (audited); 409 problem when one is queued or running. */
  public Job startSync(String source, String actor) {
    return runner.submit(new JobParams.Sync(source), Job.API, actor);
  }

  /** Cancels a queued or running job (audited); false when it has already ended or is unknown. */
  public boolean cancel(long id, String actor) {
    try {
      runner.cancel(id, actor);
      return true;
    } catch (ProblemException e) {
      return false;
    }
  }

  /** How far the job is. */
  public Progress progress(Job job) {
    long done = job.progress().processed();
    if (job.finished()) {
      return new Progress(job.id(), job.state(), done, done, 100, true);
    }
    long total = job.progress().total() == null ? done : Math.max(done, job.progress().total());
    int percent = total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
    return new Progress(job.id(), job.state(), done, total, percent, false);
  }
}
