package io.tributary.config;

import java.util.Locale;

/** What the redaction stage puts in place of a value a detector found. */
public enum EntityOperator {
  /** {@code [EMAIL]}: the type only (the default). */
  REDACT,
  /**
   * {@code <EMAIL_1>}: a typed placeholder numbered per record, the same value the same number, so
   * the text still reads.
   */
  REPLACE,
  /**
   * Keeps the last four letters or digits, stars the rest, separators kept: {@code **** **** ****
   * 1111}.
   */
  MASK,
  /** {@code [EMAIL:3f2a…]}: keyed HMAC pseudonym, stable across records and runs. */
  HASH,
  /** Removes the value. */
  DROP,
  /** Leaves the value as it is (only for types a source may show, e.g. its own support e-mail). */
  KEEP;

  public static EntityOperator parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown operator '" + value + "'; expected redact, replace, mask, hash, drop or keep",
          e);
    }
  }
}
