package io.tributary.store;

import io.tributary.model.AuditEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the store writes the audit entries of a write, on the write's own connection, so that a
 * record's change and its audit entry commit or roll back together. The audit package implements
 * it; the store knows only this seam, never the audit log's table.
 *
 * <p>Contract: thread-safe; writes all entries or throws; never commits or closes the connection.
 */
public interface AuditSink {

  void append(Connection c, List<AuditEntry> entries) throws SQLException;
}
