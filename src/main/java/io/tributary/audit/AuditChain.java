package io.tributary.audit;

import io.tributary.model.Sha256;

/**
 * The audit log's hash chain, recomputed the way the database trigger {@code audit_log_chain}
 * (migration V5) computes it: {@code hash_n = sha256_hex(hash_{n-1} + "\n" + canonical_n)} with
 * {@code hash_0} = 64 zeros, and {@code canonical_n =
 * seq|epochMicros|actor|action|source|recordId|detail}, each nullable text as {@code length:text}
 * (length in code points) or {@code -} for null, and the detail as PostgreSQL prints the stored
 * jsonb. Changing, inserting or deleting any entry changes every later hash, so an edit is detected
 * unless every later entry and the chain head are rewritten too.
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

  private static String prefixed(String v) {
    return v == null ? "-" : v.codePointCount(0, v.length()) + ":" + v;
  }
}
