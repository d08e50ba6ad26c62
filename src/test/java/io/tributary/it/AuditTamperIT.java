package io.tributary.it;

import static io.tributary.it.Retrieval.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.audit.AuditKeys;
import io.tributary.audit.AuditRows;
import io.tributary.audit.AuditStartup;
import io.tributary.audit.AuditTrail;
import io.tributary.audit.AuditTrail.Start;
import io.tributary.model.AuditEntry;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the database's own credentials cannot do to the audit log. The owner disables the triggers,
 * rewrites, deletes or renumbers entries and re-chains every SHA-256 hash after them, so that the
 * unkeyed chain checks out; the MACs still name the entry. The service's role is refused any change
 * outright.
 *
 * <p>Each tampering runs in a transaction that is rolled back and verifies on that transaction's
 * connection, so no other test ever sees a broken log (the owner's ALTER TABLE holds the table lock
 * meanwhile).
 */
@QuarkusTest
class AuditTamperIT {

  @Inject AuditTrail trail;
  @Inject DataSource dataSource;
  @Inject ObjectMapper json;
  @Inject Db db;

  @ConfigProperty(name = "tributary.audit.hmac-keys")
  List<String> configuredKeys;

  /**
   * Recomputes the SHA-256 chain from position {@code :k} to the end and moves the head, as an
   * owner covering a rewrite would.
   */
  private static String rechainFrom(long k) {
    return "DO $$ DECLARE e record; prev text; BEGIN"
        + " SELECT coalesce((SELECT hash FROM audit_log WHERE chain_seq = "
        + (k - 1)
        + "), repeat('0', 64)) INTO prev;"
        + " FOR e IN SELECT * FROM audit_log WHERE chain_seq >= "
        + k
        + " ORDER BY chain_seq LOOP"
        + " UPDATE audit_log SET prev_hash = prev, hash = audit_chain_hash(prev,"
        + " audit_canonical(e.chain_seq, e.at, e.actor, e.action, e.source, e.record_id, e.detail))"
        + " WHERE id = e.id RETURNING hash INTO prev;"
        + " END LOOP;"
        + " UPDATE audit_chain_head SET chain_seq = (SELECT max(chain_seq) FROM audit_log),"
        + " hash = prev; END $$";
  }

  /** Links of the unkeyed SHA-256 chain that do not hold: 0 after a careful re-chaining. */
  private static final String BROKEN_SHA_LINKS =
      "SELECT count(*) FROM audit_log a LEFT JOIN audit_log p ON p.chain_seq = a.chain_seq - 1"
          + " WHERE a.prev_hash <> coalesce(p.hash, repeat('0', 64)) OR a.hash <>"
          + " audit_chain_hash(a.prev_hash, audit_canonical(a.chain_seq, a.at, a.actor, a.action,"
          + " a.source, a.record_id, a.detail))";

  private record Written(String source, long firstSeq, long secondSeq, long secondId) {}

  /** Three fresh entries (one per record), after a successful verification moved the checkpoint. */
  private Written threeEntriesAfterACheckpoint() {
    assertThat(trail.verify(true).ok()).isTrue();
    String source = Retrieval.newSource("tamper");
    for (int i = 1; i <= 3; i++) {
      ingest(source, "{\"id\":\"T-" + i + "\",\"text\":\"Entry " + i + ".\",\"acl\":[\"x\"]}");
    }
    String mine = "FROM audit_log WHERE source = '" + source + "' AND record_id = ";
    return new Written(
        source,
        db.count("SELECT chain_seq " + mine + "'T-1'"),
        db.count("SELECT chain_seq " + mine + "'T-2'"),
        db.count("SELECT id " + mine + "'T-2'"));
  }

  private interface Verification {
    AuditTrail.Verdict run(Connection c) throws SQLException;
  }

  private static Connection asOwner() throws SQLException {
    return DriverManager.getConnection(
        TestServices.jdbcUrl(), TestServices.ownerUser(), TestServices.ownerPassword());
  }

  /** As the owner: triggers off, {@code sql}, triggers on, verify; then roll everything back. */
  private static AuditTrail.Verdict tampered(Verification verify, String... sql) throws Exception {
    try (Connection c = asOwner()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
        s.execute("ALTER TABLE audit_chain_head DISABLE TRIGGER USER");
        for (String statement : sql) {
          s.execute(statement);
        }
        s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        s.execute("ALTER TABLE audit_chain_head ENABLE TRIGGER USER");
        try (var rs = s.executeQuery(BROKEN_SHA_LINKS)) {
          rs.next();
          assertThat(rs.getLong(1)).as("the SHA-256 chain alone checks out").isZero();
        }
        return verify.run(c);
      } finally {
        c.rollback();
      }
    }
  }

  @Test
  void should_name_an_entry_the_owner_rewrote_and_rechained() throws Exception {
    Written w = threeEntriesAfterACheckpoint();
    String[] rewrite = {
      "UPDATE audit_log SET actor = 'someone-else', detail = detail || '{\"status\":\"rejected\"}'"
          + " WHERE chain_seq = "
          + w.secondSeq(),
      rechainFrom(w.secondSeq())
    };
    AuditTrail.Verdict incremental = tampered(c -> trail.verify(c, false), rewrite);
    assertThat(incremental.ok()).isFalse();
    assertThat(incremental.start()).isEqualTo(Start.CHECKPOINT);
    assertThat(incremental.firstBadSeq()).isEqualTo(w.secondSeq());
    assertThat(incremental.firstBadId()).isEqualTo(w.secondId());
    assertThat(incremental.reason()).contains("does not match its MAC");

    AuditTrail.Verdict full = tampered(c -> trail.verify(c, true), rewrite);
    assertThat(full.start()).isEqualTo(Start.FULL_REQUESTED);
    assertThat(full.firstBadSeq()).isEqualTo(w.secondSeq());
    assertThat(full.firstBadId()).isEqualTo(w.secondId());

    // A rewritten timestamp, or a MAC copied from another entry, fails the same way.
    assertThat(
            tampered(
                    c -> trail.verify(c, false),
                    "UPDATE audit_log SET at = at - interval '1 day' WHERE chain_seq = "
                        + w.secondSeq(),
                    rechainFrom(w.secondSeq()))
                .firstBadSeq())
        .isEqualTo(w.secondSeq());
    assertThat(
            tampered(
                    c -> trail.verify(c, false),
                    "UPDATE audit_log SET mac = (SELECT mac FROM audit_log WHERE chain_seq = "
                        + w.firstSeq()
                        + ") WHERE chain_seq = "
                        + w.secondSeq())
                .firstBadSeq())
        .isEqualTo(w.secondSeq());
    assertThat(trail.verify(true).ok()).as("nothing was committed").isTrue();
  }

  @Test
  void should_detect_an_entry_deleted_in_the_middle_even_when_the_rest_is_renumbered()
      throws Exception {
    Written w = threeEntriesAfterACheckpoint();
    long k = w.secondSeq();
    AuditTrail.Verdict gap =
        tampered(
            c -> trail.verify(c, false),
            "DELETE FROM audit_log WHERE chain_seq = " + k,
            rechainFrom(k + 1));
    assertThat(gap.ok()).isFalse();
    assertThat(gap.firstBadSeq()).isEqualTo(k);
    assertThat(gap.reason()).contains("entry " + k + " is missing");

    // Closing the gap: every later entry moves up one position and the hashes are re-chained.
    long thirdId = db.count("SELECT id FROM audit_log WHERE chain_seq = " + (k + 1));
    AuditTrail.Verdict renumbered =
        tampered(
            c -> trail.verify(c, false),
            "DELETE FROM audit_log WHERE chain_seq = " + k,
            "UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq > " + k,
            "UPDATE audit_log SET chain_seq = -chain_seq - 1 WHERE chain_seq < 0",
            rechainFrom(k));
    assertThat(renumbered.ok()).isFalse();
    assertThat(renumbered.firstBadSeq()).isEqualTo(k);
    assertThat(renumbered.firstBadId()).as("the entry that moved into the gap").isEqualTo(thirdId);
  }

  @Test
  void should_not_trust_a_forged_checkpoint_and_should_detect_a_removed_tail() throws Exception {
    Written w = threeEntriesAfterACheckpoint();
    String rewrite =
        "UPDATE audit_log SET actor = 'someone-else' WHERE chain_seq = " + w.secondSeq();
    // The forger points the checkpoint past the rewritten entry, at the real head and its MAC.
    String forge =
        "UPDATE audit_verify_checkpoint SET (chain_seq, entry_mac, mac) = (SELECT chain_seq, mac,"
            + " repeat('0', 64) FROM audit_log ORDER BY chain_seq DESC LIMIT 1)";
    AuditTrail.Verdict forged =
        tampered(c -> trail.verify(c, false), rewrite, rechainFrom(w.secondSeq()), forge);
    assertThat(forged.start()).isEqualTo(Start.CHECKPOINT_NOT_TRUSTED);
    assertThat(forged.ok()).isFalse();
    assertThat(forged.firstBadSeq()).isEqualTo(w.secondSeq());

    // A genuine checkpoint at the head, then the owner removes the last entry and rewinds the head:
    // no chain can tell, the checkpoint does.
    AuditTrail.Verdict atHead = trail.verify(false);
    assertThat(atHead.ok()).isTrue();
    long head = atHead.headSeq();
    AuditTrail.Verdict cut =
        tampered(
            c -> trail.verify(c, false),
            "DELETE FROM audit_log WHERE chain_seq = " + head,
            rechainFrom(head));
    assertThat(cut.ok()).isFalse();
    assertThat(cut.start()).isEqualTo(Start.CHECKPOINT);
    assertThat(cut.firstBadSeq()).isEqualTo(head);
    assertThat(cut.reason()).contains("is missing or changed");
  }

  @Test
  void should_not_let_the_owner_strip_the_macs() throws Exception {
    Written w = threeEntriesAfterACheckpoint();
    String dropCheck = "ALTER TABLE audit_log DROP CONSTRAINT audit_log_keyed";
    AuditTrail.Verdict tail =
        tampered(
            c -> trail.verify(c, true),
            dropCheck,
            "UPDATE audit_log SET mac = NULL, key_id = NULL WHERE chain_seq >= " + w.secondSeq());
    assertThat(tail.firstBadSeq()).isEqualTo(w.secondSeq());
    assertThat(tail.reason()).contains("carries no MAC");

    // Every MAC gone makes the log look as if written before entries were keyed: not accepted.
    AuditTrail.Verdict all =
        tampered(
            c -> trail.verify(c, true),
            dropCheck,
            "UPDATE audit_log SET mac = NULL, key_id = NULL");
    assertThat(all.ok()).isFalse();
    assertThat(all.reason()).contains("carry no MAC");
  }

  @Test
  void should_verify_entries_under_a_retired_key_after_a_rotation() throws Exception {
    String oldKey = "rot-old:retired-audit-key-0123456789abcdefghijkl";
    String newKey = "rot-new:current-audit-key-0123456789abcdefghijkl";
    AuditKeys before = keys(oldKey);
    AuditKeys after = keys(newKey, oldKey);
    AuditKeys forgotten = keys(newKey);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<AuditEntry> two =
            List.of(
                new AuditEntry("it-rotation", "rotation.before", null, "R-1", Map.of("n", 1)),
                new AuditEntry("it-rotation", "rotation.before", null, "R-2", Map.of("n", 2.5)));
        new AuditRows(json, before).append(c, two);
        new AuditRows(json, after)
            .append(
                c,
                List.of(
                    new AuditEntry(
                        "it-rotation", "rotation.after", null, "R-3", Map.of("q", "é\u2028"))));
        assertThat(
                strings(
                    c,
                    "SELECT key_id FROM audit_log WHERE actor = 'it-rotation' ORDER BY chain_seq"))
            .containsExactly("rot-old", "rot-old", "rot-new");

        AuditTrail.Verdict rotated = new AuditTrail(dataSource, json, after).verify(c, true);
        assertThat(rotated.ok()).as(rotated.reason()).isTrue();

        AuditTrail.Verdict lost = new AuditTrail(dataSource, json, forgotten).verify(c, true);
        assertThat(lost.ok()).isFalse();
        assertThat(lost.firstBadId())
            .isEqualTo(
                Long.valueOf(
                    strings(c, "SELECT min(id) FROM audit_log WHERE key_id = 'rot-old'").get(0)));
        assertThat(lost.reason()).contains("key id 'rot-old'");
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  @Test
  void should_refuse_the_service_role_any_change_to_the_audit_log() throws Exception {
    long seq = db.count("SELECT max(chain_seq) FROM audit_log");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "UPDATE audit_log SET actor = 'x' WHERE chain_seq = " + seq,
              "DELETE FROM audit_log WHERE chain_seq = " + seq,
              "TRUNCATE audit_log",
              "ALTER TABLE audit_log DISABLE TRIGGER USER",
              "UPDATE audit_chain_head SET chain_seq = chain_seq + 1",
              "DROP TRIGGER audit_log_chain ON audit_log")) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOfSatisfying(
                SQLException.class,
                e -> {
                  assertThat(e.getSQLState()).isEqualTo("42501");
                  // refused by privileges, not (only) by the append-only trigger
                  assertThat(e.getMessage()).containsAnyOf("permission denied", "must be owner");
                });
      }
      // The start-up check agrees: the service's role passes, the owner does not.
      AuditStartup.requireAppendOnly(c);
    }
    try (Connection owner = asOwner()) {
      assertThatThrownBy(() -> AuditStartup.requireAppendOnly(owner))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("can rewrite the audit log");
    }
  }

  private AuditKeys keys(String... first) {
    List<String> pairs = new ArrayList<>(List.of(first));
    pairs.addAll(configuredKeys); // the entries other tests wrote stay verifiable
    return new AuditKeys(pairs);
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
