package io.tributary.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Reads the audit log: pages, a record's history, and verification of the hash chain. */
@ApplicationScoped
public class AuditTrail {

  /** One entry as stored. */
  @Schema(name = "AuditEntry", description = "One audit log entry as stored.")
  public record Entry(
      long id,
      @Schema(description = "Position in the hash chain.") long seq,
      Instant at,
      @Schema(
              description =
                  "The authenticated caller: a token's subject, `key:<id>`, `key:<id> on behalf"
                      + " of <user>`, or `reindex:<job>`.")
          String actor,
      @Schema(
              description =
                  "What happened, e.g. `ingest.indexed`, `ingest.rejected`, `search`, `context`,"
                      + " `deadletter.replay`, `sync.run`, `key.created`.")
          String action,
      String source,
      String recordId,
      @Schema(
              description =
                  "The action's particulars (counts, hashes, redacted query...); never a"
                      + " redacted value.")
          JsonNode detail,
      @Schema(description = "The entry's chain hash.") String hash) {}

  /** Which entries to list; null fields do not restrict. */
  public record Query(
      String action, String source, String actor, String recordId, Instant from, Instant to) {}

  /**
   * The verdict on the chain.
   *
   * @param ok whether every entry and the chain head agree
   * @param entries entries checked
   * @param firstBadSeq chain position of the first entry that does not fit, or {@code null}
   * @param reason what does not fit, or {@code null}
   * @param headHash the last hash (anchor it elsewhere to detect a rewrite of the whole tail)
   */
  @Schema(name = "AuditVerdict", description = "Whether the audit chain is intact.")
  public record Verdict(
      @Schema(description = "Whether every entry and the chain head agree.") boolean ok,
      @Schema(description = "Entries checked.") long entries,
      @Schema(description = "Chain position of the first entry that does not fit, or null.")
          Long firstBadSeq,
      @Schema(description = "What does not fit, or null.") String reason,
      @Schema(
              description =
                  "The last hash: anchor it elsewhere now and then to detect a rewrite of the"
                      + " whole tail.")
          String headHash) {}

  private static final String COLUMNS =
      "id, chain_seq, at, actor, action, source, record_id, detail::text, hash";

  private final DataSource dataSource;
  private final ObjectMapper json;

  public AuditTrail(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /**
   * Newest first, at most {@code limit}, with ids below {@code beforeId} when given (keyset
   * paging).
   */
  public List<Entry> list(Query q, Long beforeId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE true");
    List<Object> params = new ArrayList<>();
    add(sql, params, " AND action = ?", q.action());
    add(sql, params, " AND source = ?", q.source());
    add(sql, params, " AND actor = ?", q.actor());
    add(sql, params, " AND record_id = ?", q.recordId());
    add(sql, params, " AND at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
    add(sql, params, " AND at < ?", q.to() == null ? null : Timestamp.from(q.to()));
    add(sql, params, " AND id < ?", beforeId);
    sql.append(" ORDER BY id DESC LIMIT ?");
    params.add(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      return entries(ps);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the audit log");
    }
  }

  /** Every entry about one record, oldest first. */
  public List<Entry> history(String source, String recordId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM audit_log WHERE source = ? AND record_id = ? ORDER BY chain_seq")) {
      ps.setString(1, source);
      ps.setString(2, recordId);
      return entries(ps);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the history of a record");
    }
  }

  /**
   * Recomputes the chain from the first entry: positions must run 1..n without a gap, each entry
   * must name its predecessor's hash and hash to its stored hash, and the chain head must name the
   * last entry. Reads in one repeatable-read snapshot, so concurrent appends do not disturb it.
   */
  public Verdict verify() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        return verify(c);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "verifying the audit log");
    }
  }

  /**
   * Verifies on the caller's connection (and snapshot): tests tamper and verify in one transaction.
   */
  public Verdict verify(Connection c) throws SQLException {
    String previous = AuditChain.GENESIS;
    long expected = 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT chain_seq, (extract(epoch FROM at) * 1000000)::bigint, actor, action, source,"
                + " record_id, detail::text, prev_hash, hash FROM audit_log ORDER BY chain_seq")) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          if (seq != expected) {
            return new Verdict(
                false, expected - 1, expected, "entry " + expected + " is missing", null);
          }
          if (!previous.equals(rs.getString(8))) {
            return new Verdict(
                false,
                expected - 1,
                seq,
                "entry " + seq + " does not name its predecessor's hash",
                null);
          }
          AuditChain.Content content =
              new AuditChain.Content(
                  seq,
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7));
          String hash = AuditChain.hash(previous, content);
          if (!hash.equals(rs.getString(9))) {
            return new Verdict(
                false,
                expected - 1,
                seq,
                "entry " + seq + " was changed after it was written",
                null);
          }
          previous = hash;
          expected++;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT chain_seq, hash FROM audit_chain_head");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new Verdict(false, expected - 1, null, "the chain head is missing", null);
      }
      if (rs.getLong(1) != expected - 1 || !rs.getString(2).equals(previous)) {
        return new Verdict(
            false,
            expected - 1,
            expected,
            "entries after "
                + (expected - 1)
                + " are missing (chain head is at "
                + rs.getLong(1)
                + ")",
            null);
      }
    }
    return new Verdict(true, expected - 1, null, null, previous);
  }

  private List<Entry> entries(PreparedStatement ps) throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Entry(
                rs.getLong(1),
                rs.getLong(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                tree(rs.getString(8)),
                rs.getString(9)));
      }
    }
    return out;
  }

  private JsonNode tree(String detail) {
    try {
      return json.readTree(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit detail is not JSON", e);
    }
  }

  private static void add(StringBuilder sql, List<Object> params, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      params.add(value);
    }
  }
}
