package io.tributary.source;

import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.StageName;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** {@link FileLedger} in the {@code document_files} table. */
@ApplicationScoped
public class JdbcFileLedger implements FileLedger {

  private final DataSource dataSource;

  public JdbcFileLedger(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Map<String, Entry> entries(String source) {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT path, document_id, size_bytes, modified_at, content_hash, status, acl FROM"
                    + " document_files WHERE source = ? ORDER BY path")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getString(1),
              new Entry(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getTimestamp(4).toInstant(),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(e, "reading the file ledger of " + source);
    }
  }

  @Override
  public void pending(String source, String path, String documentId, long size, Instant modified) {
    update(
        "INSERT INTO document_files(source, path, document_id, size_bytes, modified_at,"
            + " content_hash, status) VALUES (?, ?, ?, ?, ?, NULL, 'pending') ON CONFLICT (source,"
            + " path) DO UPDATE SET document_id = EXCLUDED.document_id, size_bytes ="
            + " EXCLUDED.size_bytes, modified_at = EXCLUDED.modified_at, content_hash = NULL,"
            + " status = 'pending', synced_at = now()",
        source,
        path,
        documentId,
        size,
        Timestamp.from(modified));
  }

  @Override
  public void done(String source, Entry e, String reason) {
    update(
        "INSERT INTO document_files(source, path, document_id, size_bytes, modified_at,"
            + " content_hash, status, reason, acl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT"
            + " (source, path) DO UPDATE SET document_id = EXCLUDED.document_id, size_bytes ="
            + " EXCLUDED.size_bytes, modified_at = EXCLUDED.modified_at, content_hash ="
            + " EXCLUDED.content_hash, status = EXCLUDED.status, reason = EXCLUDED.reason, acl ="
            + " EXCLUDED.acl, synced_at = now()",
        source,
        e.path(),
        e.documentId(),
        e.size(),
        Timestamp.from(e.modified()),
        e.contentHash(),
        e.status(),
        reason,
        e.acl());
  }

  @Override
  public void forget(String source, String path) {
    update("DELETE FROM document_files WHERE source = ? AND path = ?", source, path);
  }

  private void update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e, "updating the file ledger");
    }
  }

  private static RetriableException failure(SQLException e, String what) {
    return new RetriableException(
        StageName.SOURCE, what + " failed (SQLState " + e.getSQLState() + ")", e);
  }
}
