package io.tributary.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /** Where a verification started. */
  public enum Start {
    /** At the first entry, because {@code full} was asked for. */
    FULL_REQUESTED,
    /** At the first entry: no verification has succeeded before. */
    NO_CHECKPOINT,
    /** After the entry of the last successful verification, whose checkpoint checked out. */
    CHECKPOINT,
    /**
     * At the first entry: the stored checkpoint does not carry the service's MAC (forged, or signed
     * with a key no longer configured), so it is ignored.
     */
    CHECKPOINT_NOT_TRUSTED
  }

  /**
   * The verdict on the chain.
   *
   * @param ok whether every entry checked and the chain head agree
   * @param entries entries checked by this run
   * @param start where this run started
   * @param resumedAfterSeq chain position of the checkpoint this run resumed after, or {@code null}
   * @param firstBadSeq chain position of the first entry that does not fit, or {@code null}
   * @param firstBadId that entry's id, or {@code null} (when it is missing, or none is bad)
   * @param reason what does not fit, or {@code null}
   * @param headSeq chain position of the last entry, or {@code null} when not ok or empty
   * @param headMac the last entry's MAC (anchor it elsewhere to detect a removal of the whole tail)
   * @param headHash the last entry's SHA-256 chain hash
   */
  @Schema(name = "AuditVerdict", description = "Whether the audit chain is intact.")
  public record Verdict(
      @Schema(description = "Whether every entry and the chain head agree.") boolean ok,
      @Schema(description = "Entries read.") long entries,
      @Schema(description = "Where the run started: the first entry or a checkpoint.") Start start,
      @Schema(description = "The checkpoint's chain position the run resumed after, or null.")
          Long resumedAfterSeq,
      @Schema(description = "Chain position of the first entry that does not fit, or null.")
          Long firstBadSeq,
      @Schema(description = "Id of the first entry that does not fit, or null.") Long firstBadId,
      @Schema(description = "What does not fit, or null.") String reason,
      @Schema(description = "The head's chain position.") Long headSeq,
      @Schema(
              description =
                  "The head's MAC: anchor it elsewhere now and then to detect a removal of the"
                      + " whole tail.")
          String headMac,
      @Schema(description = "The head's SHA-256 chain hash.") String headHash) {}

  private static final String COLUMNS =
      "id, chain_seq, at, actor, action, source, record_id, detail::text, hash";

  /** What verification reads of an entry: exactly what its hash and MAC cover, and both. */
  private static final String CHAIN_COLUMNS =
      "id, chain_seq, (extract(epoch FROM at) * 1000000)::bigint, actor, action, source,"
          + " record_id, detail::text, prev_hash, hash, key_id, mac";

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final AuditKeys keys;

  public AuditTrail(DataSource dataSource, ObjectMapper json, AuditKeys keys) {
    this.dataSource = dataSource;
    this.json = json;
    this.keys = keys;
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

  /**
   * Every entry about one record, oldest first: those with its id, and the merged entries of
   * unchanged deliveries ({@link UnchangedBatch}) that name it, narrowed to its own part ({@link
   * #ownPart}).
   */
  public List<Entry> history(String source, String recordId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM audit_log WHERE source = ? AND (record_id = ? OR (record_id IS NULL"
                    // the partial index's condition as a literal, so a generic plan can use it
                    + " AND action = '"
                    + UnchangedBatch.ACTION
                    + "' AND detail->'records' @> jsonb_build_array("
                    + "jsonb_build_object('id', CAST(? AS text))))) ORDER BY chain_seq")) {
      ps.setString(1, source);
      ps.setString(2, recordId);
      ps.setString(3, recordId);
      return entries(ps).stream().map(e -> ownPart(e, recordId)).toList();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the history of a record");
    }
  }

  /**
   * A merged entry as one record's history shows it: its detail keeps only that record's
   * deliveries, never the other records of the batch, which the caller may not be allowed to see.
   * The hash stays the stored entry's; {@code GET /v1/audit} shows the whole entry.
   */
  static Entry ownPart(Entry e, String recordId) {
    if (e.recordId() != null
        || e.detail() == null
        || !(e.detail().get("records") instanceof ArrayNode records)) {
      return e;
    }
    ArrayNode own = JsonNodeFactory.instance.arrayNode();
    records.forEach(
        r -> {
          if (recordId.equals(r.path("id").asText(null))) {
            own.add(r);
          }
        });
    ObjectNode detail = JsonNodeFactory.instance.objectNode();
    detail.set("records", own);
    return new Entry(
        e.id(), e.seq(), e.at(), e.actor(), e.action(), e.source(), null, detail, e.hash());
  }

  /**
   * Checks the chain: positions run without a gap, each entry's MAC matches its content, position
   * and predecessor under the key it names, each SHA-256 link holds, and the chain head names the
   * last entry. Resumes after the last successful verification's checkpoint unless {@code full} or
   * the checkpoint is not trusted; entries before a trusted checkpoint are not read again (a full
   * run reads them). Reads in one repeatable-read snapshot, so concurrent appends do not disturb
   * it; on success, moves the checkpoint to the last entry.
   */
  public Verdict verify(boolean full) {
    try (Connection c = dataSource.getConnection()) {
      Verdict v;
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        v = verify(c, full);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
      if (v.ok() && v.headSeq() != null && v.headMac() != null) {
        saveCheckpoint(c, v.headSeq(), v.headMac());
      }
      return v;
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "verifying the audit log");
    }
  }

  /**
   * Verifies on the caller's connection (and snapshot) without moving the checkpoint: tests tamper
   * and verify in one transaction.
   */
  public Verdict verify(Connection c, boolean full) throws SQLException {
    if (full) {
      return walk(c, Start.FULL_REQUESTED, null);
    }
    Checkpoint cp = checkpoint(c);
    if (cp == null) {
      return walk(c, Start.NO_CHECKPOINT, null);
    }
    if (!keys.matches(
        cp.keyId(), AuditChain.checkpointInput(cp.keyId(), cp.seq(), cp.entryMac()), cp.mac())) {
      return walk(c, Start.CHECKPOINT_NOT_TRUSTED, null);
    }
    // The service signed this checkpoint: the entry it names must still be there, unchanged.
    Run atCheckpoint = new Run(Start.CHECKPOINT, cp.seq());
    List<Row> rows = rows(c, cp.seq() - 1, cp.seq());
    Row entry = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    if (entry == null || entry.seq() != cp.seq() || !cp.entryMac().equals(entry.mac())) {
      boolean present = entry != null && entry.seq() == cp.seq();
      return atCheckpoint.bad(
          0,
          cp.seq(),
          present ? entry.id() : null,
          "entry " + cp.seq() + ", verified at " + cp.verifiedAt() + ", is missing or changed");
    }
    Row before = rows.size() == 2 ? rows.get(0) : null;
    if (cp.seq() > 1 && before == null) {
      return atCheckpoint.bad(0, cp.seq() - 1, null, "entry " + (cp.seq() - 1) + " is missing");
    }
    Link link =
        before == null
            ? new Link(AuditChain.GENESIS, AuditChain.GENESIS)
            : new Link(AuditChain.link(before.mac(), before.hash()), before.hash());
    String problem = problem(entry, link, true);
    if (problem != null) {
      return atCheckpoint.bad(0, entry.seq(), entry.id(), problem);
    }
    return walk(c, Start.CHECKPOINT, new Resume(cp.seq(), new Link(entry.mac(), entry.hash())));
  }

  /** The chain link an entry hands on: its MAC (or hash when unkeyed), and its SHA-256 hash. */
  private record Link(String link, String hash) {}

  private record Resume(long seq, Link after) {}

  /** How a run started, which every verdict it gives repeats. */
  private record Run(Start start, Long resumedAfter) {

    Verdict bad(long checked, long seq, Long id, String reason) {
      return new Verdict(false, checked, start, resumedAfter, seq, id, reason, null, null, null);
    }
  }

  private record Checkpoint(
      long seq, String entryMac, String keyId, String mac, Instant verifiedAt) {}

  private record Row(
      long id,
      long seq,
      AuditChain.Content content,
      String prevHash,
      String hash,
      String keyId,
      String mac) {}

  private Verdict walk(Connection c, Start start, Resume resume) throws SQLException {
    long from = resume == null ? 0 : resume.seq();
    Run run = new Run(start, resume == null ? null : resume.seq());
    Link previous =
        resume == null ? new Link(AuditChain.GENESIS, AuditChain.GENESIS) : resume.after();
    // Once an entry is keyed, every later one must be: stripping MACs is no way around them.
    boolean keyed = resume != null;
    long expected = from + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + CHAIN_COLUMNS + " FROM audit_log WHERE chain_seq > ? ORDER BY chain_seq")) {
      ps.setLong(1, from);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row row = row(rs);
          long checked = expected - from - 1;
          if (row.seq() != expected) {
            return run.bad(
                checked,
                expected,
                null,
                "entry "
                    + expected
                    + " is missing (the next entry present is "
                    + row.seq()
                    + ", id "
                    + row.id()
                    + ")");
          }
          String problem = problem(row, previous, keyed);
          if (problem != null) {
            return run.bad(checked, row.seq(), row.id(), problem);
          }
          keyed |= row.mac() != null;
          previous = new Link(AuditChain.link(row.mac(), row.hash()), row.hash());
          expected++;
        }
      }
    }
    long checked = expected - from - 1;
    long last = expected - 1;
    if (last > 0 && !keyed) {
      return run.bad(
          checked,
          last,
          null,
          "entries up to " + last + " carry no MAC: none has been signed since they were written");
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT chain_seq, hash FROM audit_chain_head WHERE id");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return run.bad(checked, expected, null, "the chain head is missing");
      }
      if (rs.getLong(1) != last || !rs.getString(2).equals(previous.hash())) {
        return run.bad(
            checked,
            expected,
            null,
            "entries after " + last + " are missing (chain head is at " + rs.getLong(1) + ")");
      }
    }
    return new Verdict(
        true,
        checked,
        start,
        run.resumedAfter(),
        null,
        null,
        null,
        last == 0 ? null : last,
        last == 0 ? null : previous.link(),
        previous.hash());
  }

  /** What is wrong with an entry given the link before it, or {@code null}. */
  private String problem(Row row, Link previous, boolean keyed) {
    long seq = row.seq();
    String hash = AuditChain.hash(previous.hash(), row.content());
    if (row.mac() == null) {
      if (keyed) {
        return "entry " + seq + " carries no MAC, although an entry before it does";
      }
    } else if (!keys.knows(row.keyId())) {
      return "entry "
          + seq
          + " is signed with key id '"
          + row.keyId()
          + "', which tributary.audit.hmac-keys does not list";
    } else if (!keys.matches(
        row.keyId(), AuditChain.macInput(row.keyId(), previous.link(), row.content()), row.mac())) {
      return "entry "
          + seq
          + " does not match its MAC: it was changed, or entries before it were removed, inserted"
          + " or reordered";
    }
    if (!previous.hash().equals(row.prevHash())) {
      return "entry " + seq + " does not name its predecessor's hash";
    }
    if (!hash.equals(row.hash())) {
      return "entry " + seq + " was changed after it was written";
    }
    return null;
  }

  private Checkpoint checkpoint(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT chain_seq, entry_mac, key_id, mac, verified_at FROM"
                    + " audit_verify_checkpoint");
        ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? new Checkpoint(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getTimestamp(5).toInstant())
          : null;
    }
  }

  private void saveCheckpoint(Connection c, long seq, String entryMac) throws SQLException {
    String keyId = keys.activeId();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO audit_verify_checkpoint(id, chain_seq, entry_mac, key_id, mac,"
                + " verified_at) VALUES (true, ?, ?, ?, ?, clock_timestamp()) ON CONFLICT (id) DO"
                + " UPDATE SET chain_seq = EXCLUDED.chain_seq, entry_mac = EXCLUDED.entry_mac,"
                + " key_id = EXCLUDED.key_id, mac = EXCLUDED.mac, verified_at ="
                + " EXCLUDED.verified_at")) {
      ps.setLong(1, seq);
      ps.setString(2, entryMac);
      ps.setString(3, keyId);
      ps.setString(4, keys.mac(keyId, AuditChain.checkpointInput(keyId, seq, entryMac)));
      ps.executeUpdate();
    }
  }

  /** Entries at positions {@code first..last}, in chain order. */
  private static List<Row> rows(Connection c, long first, long last) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + CHAIN_COLUMNS
                + " FROM audit_log WHERE chain_seq BETWEEN ? AND ? ORDER BY chain_seq")) {
      ps.setLong(1, first);
      ps.setLong(2, last);
      List<Row> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    long seq = rs.getLong(2);
    return new Row(
        rs.getLong(1),
        seq,
        new AuditChain.Content(
            seq,
            rs.getLong(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8)),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12));
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
