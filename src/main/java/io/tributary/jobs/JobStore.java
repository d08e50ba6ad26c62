package io.tributary.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Jobs in the {@code jobs} table. Thread-safe; each call is one statement. State changes are
 * conditional on the state they leave ({@code WHERE status = ...}), so that two instances, or a
 * cancel and a start, never both win.
 */
@ApplicationScoped
public class JobStore {

  private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};
  private static final TypeReference<List<Job.JobError>> ERRORS = new TypeReference<>() {};
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String COLUMNS =
      "id, kind, source, status, params, trigger, actor, pipeline_version, processed, total,"
          + " run_processed, run_started_at, counts, needs_resend, errors, error, resumes,"
          + " cancel_requested, created_at, started_at, updated_at, finished_at, checkpoint";

  /** A job with the checkpoint it resumes from. */
  public record Claimed(Job job, String checkpoint, boolean resumed) {}

  /** What a checkpoint found: whether the job still runs and whether a cancel was asked. */
  public record Checkpointed(boolean running, boolean cancelRequested) {}

  /** A page of jobs, newest first. */
  public record Page(List<Job> items, int page, int size, long total) {}

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JobStore(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** A new queued job, or empty when one of that type is queued or running for the source. */
  public Optional<Job> queue(
      JobParams params, String trigger, String actor, String pipelineVersion) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jobs(kind, source, status, params, trigger, actor, pipeline_version)"
                    + " VALUES (?, ?, 'queued', ?::jsonb, ?, ?, ?) RETURNING id")) {
      ps.setString(1, params.type());
      ps.setString(2, params.source());
      ps.setString(3, json.writeValueAsString(params));
      ps.setString(4, trigger);
      ps.setString(5, actor);
      ps.setString(6, pipelineVersion);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return find(rs.getLong(1));
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw SqlFailures.classify(e, "queuing a " + params.type() + " job");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job parameters are not serialisable", e);
    }
  }

  /** The queued or running job of that type for the source ({@code null}: every source). */
  public Optional<Job> active(String type, String source) {
    return one(
        "SELECT "
            + COLUMNS
            + " FROM jobs WHERE kind = ? AND coalesce(source, '') = coalesce(?, '') AND status IN"
            + " ('queued', 'running')",
        type,
        source);
  }

  public Optional<Job> find(long id) {
    return one("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id);
  }

  /** Jobs by optional state, type and source, newest first. */
  public Page list(String state, String type, String source, int page, int size) {
    String where =
        " FROM jobs WHERE (CAST(? AS text) IS NULL OR status = ?) AND (CAST(? AS text) IS NULL OR"
            + " kind = ?) AND (CAST(? AS text) IS NULL OR source = ?)";
    Object[] filter = {state, state, type, type, source, source};
    try (Connection c = dataSource.getConnection()) {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + where)) {
        bind(ps, filter);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<Job> items = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT " + COLUMNS + where + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
        bind(ps, filter);
        ps.setInt(filter.length + 1, size);
        ps.setLong(filter.length + 2, (long) page * size);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(job(rs));
          }
        }
      }
      return new Page(items, page, size, total);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing jobs");
    }
  }

  /** Ids of queued and running jobs, oldest first: what a runner may claim. */
  public List<Long> claimable() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id LIMIT"
                    + " 100")) {
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing runnable jobs");
    }
  }

  /**
   * Marks a queued job running, or a running one (its instance stopped) resumed; the caller holds
   * the job's cluster lock. Empty when it is neither any more.
   */
  public Optional<Claimed> begin(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs j SET status = 'running', started_at = coalesce(j.started_at, now()),"
                    + " run_started_at = now(), run_processed = j.processed, resumes = j.resumes +"
                    + " CASE WHEN o.status = 'running' THEN 1 ELSE 0 END, updated_at = now() FROM"
                    + " (SELECT id, status FROM jobs WHERE id = ? FOR UPDATE) o WHERE j.id = o.id"
                    + " AND o.status IN ('queued', 'running') RETURNING o.status")) {
      ps.setLong(1, id);
      String was;
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        was = rs.getString(1);
      }
      Job job = find(id).orElseThrow();
      return Optional.of(new Claimed(job, checkpointOf(c, id), Job.RUNNING.equals(was)));
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "starting job " + id);
    }
  }

  /** Commits a running job's progress; reports whether it still runs and whether to cancel. */
  public Checkpointed checkpoint(
      long id,
      String cursor,
      long processed,
      Long total,
      Map<String, Long> counts,
      List<String> needsResend,
      List<Job.JobError> errors) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET checkpoint = ?, processed = ?, total = ?, counts = ?::jsonb,"
                    + " needs_resend = ?, errors = ?::jsonb, updated_at = now() WHERE id = ? AND"
                    + " status = 'running' RETURNING cancel_requested")) {
      ps.setString(1, cursor);
      ps.setLong(2, processed);
      ps.setObject(3, total);
      ps.setString(4, json.writeValueAsString(counts));
      ps.setArray(5, c.createArrayOf("text", needsResend.toArray()));
      ps.setString(6, json.writeValueAsString(errors));
      ps.setLong(7, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Checkpointed(true, rs.getBoolean(1)) : new Checkpointed(false, true);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "checkpointing job " + id);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job counts are not serialisable", e);
    }
  }

  /** Ends a running job; false when it was not running. */
  public boolean finish(long id, String state, String error) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET status = ?, error = ?, cancel_requested = false, updated_at ="
                    + " now(), finished_at = now() WHERE id = ? AND status = 'running'")) {
      ps.setString(1, state);
      ps.setString(2, error);
      ps.setLong(3, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "ending job " + id);
    }
  }

  /** Cancels a queued job at once; false when it is not queued. */
  public boolean cancelQueued(long id, String reason) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET status = 'cancelled', error = ?, updated_at = now(), finished_at ="
                    + " now() WHERE id = ? AND status = 'queued'")) {
      ps.setString(1, reason);
      ps.setLong(2, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "cancelling job " + id);
    }
  }

  /** Asks a running job to stop at its next checkpoint; false when it is not running. */
  public boolean requestCancel(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET cancel_requested = true, updated_at = now() WHERE id = ? AND"
                    + " status = 'running'")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "cancelling job " + id);
    }
  }

  /**
   * Records that a cron schedule fired at {@code fireAt}; true for the first instance to record it,
   * which queues the job.
   */
  public boolean firstToFire(String schedule, Instant fireAt) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO job_schedule_fires(schedule, fire_at) VALUES (?, ?) ON CONFLICT DO"
                    + " NOTHING")) {
      ps.setString(1, schedule);
      ps.setTimestamp(2, Timestamp.from(fireAt));
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "recording the fire of schedule " + schedule);
    }
  }

  private static String checkpointOf(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint FROM jobs WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  private Optional<Job> one(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(job(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading jobs");
    }
  }

  private Job job(ResultSet rs) throws SQLException {
    try {
      String state = rs.getString("status");
      boolean finished = !Job.QUEUED.equals(state) && !Job.RUNNING.equals(state);
      long processed = rs.getLong("processed");
      long total = rs.getLong("total");
      Long totalOrNull = rs.wasNull() ? null : total;
      Instant runStarted = instant(rs.getTimestamp("run_started_at"));
      Instant end = finished ? instant(rs.getTimestamp("finished_at")) : Instant.now();
      double seconds =
          runStarted == null || end == null
              ? 0
              : java.time.Duration.between(runStarted, end).toMillis() / 1000.0;
      JobProgress progress =
          JobProgress.of(
              processed, totalOrNull, processed - rs.getLong("run_processed"), seconds, finished);
      Array resend = rs.getArray("needs_resend");
      return new Job(
          rs.getLong("id"),
          rs.getString("kind"),
          rs.getString("source"),
          state,
          json.readValue(rs.getString("params"), JobParams.class),
          rs.getString("trigger"),
          rs.getString("actor"),
          rs.getString("pipeline_version"),
          progress,
          json.readValue(rs.getString("counts"), COUNTS),
          resend == null ? List.of() : List.of((String[]) resend.getArray()),
          json.readValue(rs.getString("errors"), ERRORS),
          rs.getString("error"),
          rs.getInt("resumes"),
          rs.getBoolean("cancel_requested"),
          instant(rs.getTimestamp("created_at")),
          instant(rs.getTimestamp("started_at")),
          instant(rs.getTimestamp("updated_at")),
          instant(rs.getTimestamp("finished_at")));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column in jobs", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
