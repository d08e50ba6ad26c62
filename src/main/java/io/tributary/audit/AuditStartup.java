package io.tributary.audit;

import io.quarkus.runtime.StartupEvent;
import io.tributary.model.AuditEntry;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * At start: refuses to run as a role that could rewrite the audit log, and signs the end of a log
 * written before entries were keyed, so that its unkeyed entries are pinned by the next MAC.
 */
@ApplicationScoped
public class AuditStartup {

  private static final Logger LOG = Logger.getLogger(AuditStartup.class);

  void onStart(@Observes StartupEvent event, DataSource dataSource, AuditKeys keys, AuditLog log) {
    try (Connection c = dataSource.getConnection()) {
      requireAppendOnly(c);
      long unkeyedThrough = unkeyedTail(c);
      if (unkeyedThrough > 0) {
        log.append(
            new AuditEntry(
                null, "audit.keyed", null, null, Map.of("unkeyedThroughSeq", unkeyedThrough)));
        LOG.infof("audit entries 1..%d carry no MAC; a keyed entry now pins them", unkeyedThrough);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "checking the audit log's privileges");
    }
    LOG.infof(
        "audit entries are signed with key id %s (%d key(s) verify)",
        keys.activeId(), keys.count());
  }

  /**
   * The service's role may append to and read {@code audit_log}, nothing else: no UPDATE, DELETE,
   * TRUNCATE or TRIGGER, not its owner (nor a member of the owner), no superuser.
   */
  public static void requireAppendOnly(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT current_user, has_table_privilege('audit_log', 'UPDATE')"
                    + " OR has_table_privilege('audit_log', 'DELETE')"
                    + " OR has_table_privilege('audit_log', 'TRUNCATE')"
                    + " OR has_table_privilege('audit_log', 'TRIGGER')"
                    + " OR pg_has_role(t.relowner, 'MEMBER')"
                    + " FROM pg_class t WHERE t.oid = 'audit_log'::regclass");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getBoolean(2)) {
        throw new IllegalStateException(
            "the service connects to PostgreSQL as "
                + rs.getString(1)
                + ", which can rewrite the audit log: connect as the application role"
                + " (TRIBUTARY_DB_USER, only INSERT and SELECT on audit_log) and run migrations as"
                + " the owner (TRIBUTARY_DB_OWNER); see docs/operations.md");
      }
    }
  }

  /**
   * The last entry's position when it carries no MAC (a log written before entries were keyed),
   * else 0.
   */
  private static long unkeyedTail(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT chain_seq, mac IS NULL FROM audit_log ORDER BY chain_seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(2) ? rs.getLong(1) : 0;
    }
  }
}
