package io.tributary.audit;

import io.tributary.model.Sha256;

/**
 * The audit log's hash chain, recomputed the way the database trigger {@code audit_log_chain}
 * (migration V5) computes it: {@code hash_n = sha256_hex(hash_{n-1} + "\n" + canonical_n)} with
 * {@code hash_0} = 64 zeros, and {@code canonical_n =
 * seq|epochMicros|actor|action|source|recordId|detail}, each nullable text as {@code length:text}
 * (length in code points) or {@code -} for null, and the detail as PostgreSQL prints the stored
 * jsonb. Changing, inserting or deleting any entry changes every later hash, so an edit is detected
 * unless every later entry and the chain head are rewritten too, which anyone with the database's
 * credentials can do.
 *
 * <p>What they cannot do is forge the MAC that the service adds to each entry (migration V8):
 * {@code mac_n = HMAC-SHA256(key[keyId_n], macInput(keyId_n, link_{n-1}, canonical_n))}, where
 * {@code link_{n-1}} is the previous entry's MAC, or its SHA-256 hash when it was written before
 * entries were keyed, or {@link #GENESIS} for the first entry. The MAC covers the chain position
 * (in the canonical form) and the previous MAC, so an entry cannot be changed, dropped, inserted or
 * moved without a key that never reaches the database.
 */
public final class AuditChain {

  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** One stored entry's hashed content. */
  public record Content(
      long seq,
      long atEpochMicros,
      String actor,
      String action,
      String source,
      String recordId,
      String detailJson) {}

  public static String canonical(Content c) {
    return c.seq()
        + "|"
        + c.atEpochMicros()
        + "|"
        + prefixed(c.actor())
        + "|"
        + prefixed(c.action())
        + "|"
        + prefixed(c.source())
        + "|"
        + prefixed(c.recordId())
        + "|"
        + c.detailJson();
  }

  public static String hash(String previous, Content c) {
    return Sha256.hex(previous + "\n" + canonical(c));
  }

  /** What an entry's MAC signs: a version tag, the key id, the previous link and the content. */
  public static String macInput(String keyId, String previousLink, Content c) {
    return "tributary-audit-entry-v1\n" + keyId + "\n" + previousLink + "\n" + canonical(c);
  }

  /** What a verification checkpoint's MAC signs: the verified entry's position and MAC. */
  public static String checkpointInput(String keyId, long seq, String entryMac) {
    return "tributary-audit-checkpoint-v1\n" + keyId + "\n" + seq + "\n" + entryMac;
  }

  /** The link an entry hands to its successor's MAC: its MAC, or its hash when it has none. */
  public static String link(String mac, String hash) {
    return mac != null ? mac : hash;
  }

  private static String prefixed(String v) {
    return v == null ? "-" : v.codePointCount(0, v.length()) + ":" + v;
  }
}
