package io.tributary.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.DeadLetter;
import io.tributary.store.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Dead letters in the {@code dead_letters} table. */
@ApplicationScoped
public class JdbcDeadLetters implements DeadLetters {

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JdbcDeadLetters(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  @Override
  public long add(DeadLetter letter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO dead_letters(source, record_id, stage, reason, error_class, preview, origin)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id")) {
      ps.setString(1, letter.source());
      ps.setString(2, letter.recordId());
      ps.setString(3, letter.stage());
      ps.setString(4, letter.reason());
      ps.setString(5, letter.errorClass());
      ps.setString(6, letter.preview());
      ps.setString(7, json.writeValueAsString(letter.origin()));
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
}
