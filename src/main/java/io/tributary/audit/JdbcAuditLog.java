package io.tributary.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.AuditEntry;
import io.tributary.store.AuditRows;
import io.tributary.store.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
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
    try (Connection c = dataSource.getConnection()) {
      AuditRows.insert(c, entries, json);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "appending to the audit log");
    }
  }
}
