package io.tributary.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.AuditEntry;
import io.tributary.store.AuditSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts rows into {@code audit_log} on a given connection, so that a store write and its audit
 * entry commit or roll back together. Each row carries its chain position and a MAC under the
 * active key ({@link AuditChain}), computed here because the key never reaches the database.
 *
 * <p>Appenders are serialised by a transaction-level advisory lock, taken by the statement that
 * normalises the details (one round trip for both): the position and the previous MAC are read
 * under it, by the next statement, and it is held until the transaction ends, so entries commit in
 * chain order. It needs no privilege, so the application role keeps only INSERT and SELECT on the
 * table. The database trigger then refuses any position but the next one and computes the SHA-256
 * chain. The unchanged deliveries of one append become one entry per source and actor ({@link
 * UnchangedBatch}).
 */
@ApplicationScoped
public class AuditRows implements AuditSink {

  /**
   * The single-key advisory lock of the chain ("TRAUDIT" in ASCII). Single-key locks never collide
   * with the two-key ones of {@code store.PgClusterLock}. Never change it: instances of two
   * versions would fork the chain.
   */
  static final long CHAIN_LOCK = 0x54_52_41_55_44_49_54L;

  private static final String INSERT =
      "INSERT INTO audit_log(chain_seq, at, actor, action, source, record_id, detail, key_id, mac)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)";

  private final ObjectMapper json;
  private final AuditKeys keys;

  public AuditRows(ObjectMapper json, AuditKeys keys) {
    this.json = json;
    this.keys = keys;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when {@code c} is in auto-commit mode: the chain lock would end
   *     with the first statement
   */
  @Override
  public void append(Connection c, List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    entries = UnchangedBatch.merged(entries);
    if (c.getAutoCommit()) {
      throw new IllegalStateException("audit entries are appended inside a transaction");
    }
    // Takes the chain lock too: one round trip fewer for every append.
    List<String> details = asStoredUnderLock(c, entries);
    long seq;
    String link;
    OffsetDateTime at;
    try (PreparedStatement ps =
            c.prepareStatement(
                // By keys only: a join let the planner scan the whole log (V16's comment).
                "SELECT h.chain_seq, h.hash, (SELECT l.mac FROM audit_log l WHERE l.chain_seq ="
                    + " h.chain_seq), clock_timestamp() FROM audit_chain_head h WHERE h.id");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_chain_head is empty", "55000");
      }
      seq = rs.getLong(1);
      link = AuditChain.link(rs.getString(3), rs.getString(2));
      at = rs.getObject(4, OffsetDateTime.class);
    }
    long micros = at.toEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    String keyId = keys.activeId();
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < entries.size(); i++) {
        AuditEntry e = entries.get(i);
        seq++;
        AuditChain.Content content =
            new AuditChain.Content(
                seq, micros, e.actor(), e.action(), e.source(), e.recordId(), details.get(i));
        String mac = keys.mac(keyId, AuditChain.macInput(keyId, link, content));
        ps.setLong(1, seq);
        ps.setObject(2, at);
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.source());
        ps.setString(6, e.recordId());
        ps.setString(7, content.detailJson());
        ps.setString(8, keyId);
        ps.setString(9, mac);
        ps.addBatch();
        link = mac;
      }
      ps.executeBatch();
    }
  }

  /**
   * Each entry's detail as PostgreSQL prints it once stored as jsonb (keys sorted, duplicates
   * dropped, its own spacing): the text the MAC signs and a verifier reads back. The same statement
   * takes the chain lock (a materialized CTE runs once), so the next statement, which reads the
   * chain head with a snapshot taken after the lock was granted, sees every earlier append.
   */
  private List<String> asStoredUnderLock(Connection c, List<AuditEntry> entries)
      throws SQLException {
    String[] raw = new String[entries.size()];
    try {
      for (int i = 0; i < raw.length; i++) {
        raw[i] = json.writeValueAsString(entries.get(i).detail());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit detail is not serialisable", e);
    }
    Array array = c.createArrayOf("text", raw);
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH chain AS MATERIALIZED (SELECT pg_advisory_xact_lock(?)) SELECT d::jsonb::text"
                + " FROM chain, unnest(?::text[]) WITH ORDINALITY AS t(d, n) ORDER BY n")) {
      ps.setLong(1, CHAIN_LOCK);
      ps.setArray(2, array);
      List<String> out = new ArrayList<>(raw.length);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } finally {
      array.free();
    }
  }
}
