package io.tributary.config;

import java.util.Locale;

/** What the redaction stage does with one field of a source's records. */
public enum FieldAction {
  /** Remove the field: it is neither rendered, embedded nor stored. */
  DROP,
  /** Replace the whole value with a placeholder. */
  MASK,
  /** Replace the whole value with a keyed HMAC pseudonym: joinable, not reversible. */
  HASH,
  /** Keep the value verbatim, without detection (only for fields known to be safe). */
  KEEP,
  /** Keep the value but run the detectors over it (the default). */
  SCAN;

  public static FieldAction parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown field action '" + value + "'; expected drop, mask, hash, keep or scan", e);
    }
  }
}
