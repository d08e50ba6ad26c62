package io.tributary.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.DeadLetter;
import io.tributary.model.Origin;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Dead letters in the {@code dead_letters} table. */
@ApplicationScoped
public class JdbcDeadLetters implements DeadLetterStore {

  private static final Logger LOG = Logger.getLogger(JdbcDeadLetters.class);

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JdbcDeadLetters(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /**
   * Writes a dead letter. Its text is escaped already ({@link DeadLetter}); should the database
   * still refuse it as data (SQLState 22xxx/23xxx), it is written again without its preview and
   * with its id and reason reduced to their printable ASCII, so that a record that is refused can
   * always be recorded as refused. Only a retriable or fatal database fault propagates.
   */
  @Override
  public long add(DeadLetter letter) {
    try {
      return insert(letter);
    } catch (PoisonRecordException e) {
      LOG.warnf("dead letter refused by the database (%s); writing it reduced", e.getMessage());
      return insert(
          new DeadLetter(
              letter.source(),
              ascii(letter.recordId()),
              letter.stage(),
              ascii(letter.reason()),
              letter.errorClass(),
              null,
              letter.origin()));
    }
  }

  private static String ascii(String s) {
    return s == null ? null : s.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private long insert(DeadLetter letter) {
    Origin o = letter.origin();
    boolean kafka = o.offset() != null;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO dead_letters(source, record_id, stage, reason, error_class, preview,"
                    + " origin, origin_topic, origin_partition, origin_offset) VALUES (?, ?, ?, ?,"
                    + " ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (origin_topic, origin_partition,"
                    + " origin_offset) WHERE origin_offset IS NOT NULL AND resolved_at IS NULL DO"
                    + " UPDATE SET reason = EXCLUDED.reason RETURNING id")) {
      ps.setString(1, letter.source());
      ps.setString(2, letter.recordId());
      ps.setString(3, letter.stage());
      ps.setString(4, letter.reason());
      ps.setString(5, letter.errorClass());
      ps.setString(6, letter.preview());
      ps.setString(7, json.writeValueAsString(o));
      ps.setString(8, kafka ? o.topic() : null);
      ps.setObject(9, kafka ? o.partition() : null, Types.INTEGER);
      ps.setObject(10, kafka ? o.offset() : null, Types.BIGINT);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "writing a dead letter");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("origin is not serialisable", e);
    }
  }

  private static final String COLUMNS =
      "SELECT id, source, record_id, stage, reason, error_class, origin, created_at FROM"
          + " dead_letters";

  @Override
  public List<DeadLetterEntry> list(String source, long after, int limit) {
    String sql =
        COLUMNS
            + " WHERE resolved_at IS NULL AND id > ?"
            + (source == null ? "" : " AND source = ?")
            + " ORDER BY id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, after);
      if (source != null) {
        ps.setString(i++, source);
      }
      ps.setInt(i, limit);
      List<DeadLetterEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "listing dead letters");
    }
  }

  @Override
  public Optional<DeadLetterEntry> find(long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(COLUMNS + " WHERE resolved_at IS NULL AND id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading dead letter " + id);
    }
  }

  @Override
  public boolean resolve(long id, String resolution) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE dead_letters SET resolved_at = now(), resolution = ? WHERE id = ? AND"
                    + " resolved_at IS NULL")) {
      ps.setString(1, resolution);
      ps.setLong(2, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "resolving dead letter " + id);
    }
  }

  private DeadLetterEntry entry(ResultSet rs) throws SQLException {
    try {
      return new DeadLetterEntry(
          rs.getLong(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          json.readValue(rs.getString(7), Origin.class),
          rs.getTimestamp(8).toInstant());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt origin of dead letter " + rs.getLong(1), e);
    }
  }
}
