package io.tributary.jobs;

import io.tributary.audit.AuditLog;
import io.tributary.model.AuditEntry;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the operator console does with jobs: list the recent ones, start a reindex, cancel a running
 * job, and tell how far one is. Thread-safe.
 *
 * <p>Cancelling marks the job {@code interrupted} with the reason {@code cancelled by <actor>}; the
 * job sees it when it records its next page's progress and stops, so at most one page (20 records)
 * is processed after a cancel.
 */
@ApplicationScoped
public class JobControl {

  /**
   * How far a job is.
   *
   * @param done records selected so far
   * @param total {@code done} plus the outdated records still to select (an estimate while it runs:
   *     records that cannot be re-processed stay outdated and are left out)
   * @param percent 0..100; 100 once the job has ended
   * @param finished whether the job has ended
   */
  public record Progress(
      long id, String status, long done, long total, int percent, boolean finished) {}

  private final DataSource dataSource;
  private final JobStore store;
  private final ReindexJobs reindex;
  private final AuditLog audit;

  public JobControl(DataSource dataSource, JobStore store, ReindexJobs reindex, AuditLog audit) {
    this.dataSource = dataSource;
    this.store = store;
    this.reindex = reindex;
    this.audit = audit;
  }

  /** The newest jobs first, at most {@code limit}. */
  public List<Job> recent(int limit) {
    List<Job> out = new ArrayList<>();
    for (long id : ids(limit)) {
      store.find(id).ifPresent(out::add);
    }
    return out;
  }

  public Optional<Job> find(long id) {
    return store.find(id);
  }

  /** Starts a reindex of the source (audited); 409 problem when one runs. */
  public Job startReindex(String source, String actor) {
    return reindex.start(source, actor);
  }

  /** Cancels a running job (audited); false when it is not running. */
  public boolean cancel(long id, String actor) {
    Optional<Job> job = store.find(id);
    if (job.isEmpty()) {
      return false;
    }
    int changed;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET status = 'interrupted', error = ?, finished_at = now(), updated_at"
                    + " = now() WHERE id = ? AND status = 'running'")) {
      ps.setString(1, "cancelled by " + actor);
      ps.setLong(2, id);
      changed = ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "cancelling job " + id);
    }
    if (changed > 0) {
      audit.append(
          new AuditEntry(actor, "job.cancelled", job.get().source(), null, Map.of("job", id)));
    }
    return changed > 0;
  }

  /** How far the job is. */
  public Progress progress(Job job) {
    long done = job.counts().getOrDefault("selected", 0);
    boolean finished = !Job.RUNNING.equals(job.status());
    if (finished) {
      return new Progress(job.id(), job.status(), done, done, 100, true);
    }
    long left =
        outdated(job.source(), List.of(job.pipelineVersion().split(",")))
            - job.counts().getOrDefault("needsResend", 0)
            - job.counts().getOrDefault("rejected", 0);
    long total = done + Math.max(0, left);
    int percent = total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
    return new Progress(job.id(), job.status(), done, total, percent, false);
  }

  private long outdated(String source, List<String> current) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM records WHERE source = ? AND status = 'indexed' AND"
                    + " (pipeline_version IS NULL OR NOT pipeline_version = ANY (?))")) {
      ps.setString(1, source);
      ps.setArray(2, c.createArrayOf("text", current.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "counting outdated records of " + source);
    }
  }

  private List<Long> ids(int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs ORDER BY id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing jobs");
    }
  }
}
