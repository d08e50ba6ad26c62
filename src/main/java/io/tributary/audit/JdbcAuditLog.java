package io.tributary.audit;

import io.tributary.model.AuditEntry;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Appends audit entries to the {@code audit_log} table, one batch per call. */
@ApplicationScoped
public class JdbcAuditLog implements AuditLog {

  private final DataSource dataSource;
  private final AuditRows rows;

  public JdbcAuditLog(DataSource dataSource, AuditRows rows) {
    this.dataSource = dataSource;
    this.rows = rows;
  }

  @Override
  public void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      // a transaction of its own: the chain lock is held until it commits
      c.setAutoCommit(false);
      try {
        rows.append(c, entries);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "appending to the audit log");
    }
  }
}
