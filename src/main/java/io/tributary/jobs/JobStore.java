package io.tributary.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.Origin;
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
 * Jobs in the {@code jobs} table, and the selection of the records a reindex re-processes from the
 * {@code records} table. Thread-safe; each call is one statement.
 */
@ApplicationScoped
public class JobStore {

  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};
  private static final String UNIQUE_VIOLATION = "23505";

  /** A stored record whose pipeline version is not the current one, and where it came from. */
  public record Outdated(String id, Origin origin) {}

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JobStore(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** A new running job, or empty when one of that kind already runs for the source. */
  public Optional<Job> start(String kind, String source, String actor, String pipelineVersion) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jobs(kind, source, status, actor, pipeline_version) VALUES (?, ?,"
                    + " 'running', ?, ?) RETURNING id")) {
      ps.setString(1, kind);
      ps.setString(2, source);
      ps.setString(3, actor);
      ps.setString(4, pipelineVersion);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return find(rs.getLong(1));
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw SqlFailures.classify(e, "starting a " + kind + " job for " + source);
    }
  }

  /** The running job of that kind for the source, if any. */
  public Optional<Job> running(String kind, String source) {
    return one(
        "SELECT " + COLUMNS + " FROM jobs WHERE kind = ? AND source = ? AND status = 'running'",
        kind,
        source);
  }

  public Optional<Job> find(long id) {
    return one("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id);
  }

  /**
   * Records progress of a running job; false when the job is no longer running (marked interrupted
   * meanwhile), so that it stops.
   */
  public boolean progress(long id, Map<String, Integer> counts, List<String> needsResend) {
    return update(id, Job.RUNNING, counts, needsResend, null) > 0;
  }

  /** Ends a running job with its final status. */
  public void finish(
      long id, String status, Map<String, Integer> counts, List<String> needsResend, String error) {
    update(id, status, counts, needsResend, error);
  }

  /**
   * Marks running jobs without progress for {@code idleMinutes} as interrupted (their instance
   * stopped); returns how many. A live job records progress after every page.
   */
  public int interruptIdle(int idleMinutes) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET status = 'interrupted', error = 'no progress for "
                    + idleMinutes
                    + " minutes: the instance running it stopped', finished_at = now(), updated_at"
                    + " = now() WHERE status = 'running' AND updated_at < now() -"
                    + " make_interval(mins => ?)")) {
      ps.setInt(1, idleMinutes);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "interrupting idle jobs");
    }
  }

  /**
   * Indexed records of the source whose pipeline version is none of {@code current}, in id order
   * after {@code afterId} (keyset paging: records a page re-processes drop out of the selection,
   * those it cannot are passed over).
   */
  public List<Outdated> outdated(String source, List<String> current, String afterId, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT external_id, origin_topic, origin_partition, origin_offset,"
                    + " origin_transport, origin_path FROM records WHERE source = ? AND status ="
                    + " 'indexed' AND (pipeline_version IS NULL OR NOT pipeline_version = ANY (?))"
                    + " AND external_id > ? ORDER BY external_id LIMIT ?")) {
      ps.setString(1, source);
      ps.setArray(2, c.createArrayOf("text", current.toArray()));
      ps.setString(3, afterId);
      ps.setInt(4, limit);
      List<Outdated> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String topic = rs.getString(2);
          long offset = rs.getLong(4);
          boolean kafka = topic != null && !rs.wasNull();
          String transport = rs.getString(5);
          Origin origin =
              kafka
                  ? Origin.kafka(topic, rs.getInt(3), offset)
                  : transport == null
                      ? Origin.http()
                      : new Origin(transport, null, null, null, rs.getString(6));
          out.add(new Outdated(rs.getString(1), origin));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "selecting outdated records of " + source);
    }
  }

  private static final String COLUMNS =
      "id, kind, source, status, actor, pipeline_version, counts, needs_resend, error, started_at,"
          + " updated_at, finished_at";

  /** Updates a job that is still running; returns the rows changed (0 when it is not running). */
  private int update(
      long id, String status, Map<String, Integer> counts, List<String> needsResend, String error) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE jobs SET status = ?, counts = ?::jsonb, needs_resend = ?, error = ?,"
                    + " updated_at = now(), finished_at = CASE WHEN ? = 'running' THEN NULL ELSE"
                    + " now() END WHERE id = ? AND status = 'running'")) {
      ps.setString(1, status);
      ps.setString(2, json.writeValueAsString(counts));
      ps.setArray(3, c.createArrayOf("text", needsResend.toArray()));
      ps.setString(4, error);
      ps.setString(5, status);
      ps.setLong(6, id);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "updating job " + id);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job counts are not serialisable", e);
    }
  }

  private Optional<Job> one(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Array resend = rs.getArray(8);
        return Optional.of(
            new Job(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                json.readValue(rs.getString(7), COUNTS),
                resend == null ? List.of() : List.of((String[]) resend.getArray()),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12))));
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading jobs");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt counts column in jobs", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
