package io.tributary.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.AuditEntry;
import io.tributary.store.AuditSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts rows into {@code audit_log} on a given connection, so that a store write and its audit
 * entry commit or roll back together.
 */
@ApplicationScoped
public class AuditRows implements AuditSink {

  private final ObjectMapper json;

  public AuditRows(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public void append(Connection c, List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_log(actor, action, source, record_id, detail) VALUES (?, ?, ?, ?,"
                + " ?::jsonb)")) {
      for (AuditEntry e : entries) {
        ps.setString(1, e.actor());
        ps.setString(2, e.action());
        ps.setString(3, e.source());
        ps.setString(4, e.recordId());
        ps.setString(5, json.writeValueAsString(e.detail()));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit detail is not serialisable", e);
    }
  }
}
