package io.tributary.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.AuditEntry;
import io.tributary.store.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Appends audit entries to the {@code audit_log} table, one batch per call. */
@ApplicationScoped
public class JdbcAuditLog implements AuditLog {

  private final DataSource dataSource;
  private final ObjectMapper json;

  public JdbcAuditLog(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  @Override
  public void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_log(actor, action, source, record_id, detail) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      for (AuditEntry e : entries) {
        ps.setString(1, e.actor());
        ps.setString(2, e.action());
        ps.setString(3, e.source());
        ps.setString(4, e.recordId());
        ps.setString(5, json.writeValueAsString(e.detail()));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "appending to the audit log");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit detail is not serialisable", e);
    }
  }
}
