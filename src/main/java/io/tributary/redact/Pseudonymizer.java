package io.tributary.redact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed HMAC-SHA256 pseudonyms: the same value always gives the same pseudonym under one key, so
 * records stay joinable, but without the key a pseudonym cannot be reversed or guessed by hashing
 * candidate values. Thread-safe.
 */
public final class Pseudonymizer {

  static final int MIN_KEY_LENGTH = 32;
  static final int PSEUDONYM_HEX_CHARS = 16;

  private final SecretKeySpec key;
  private final SecretKeySpec digestKey;

  public Pseudonymizer(String secret) {
    if (secret == null || secret.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "tributary.redact.hmac-key (TRIBUTARY_REDACT_HMAC_KEY) must be at least "
              + MIN_KEY_LENGTH
              + " characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.digestKey =
        new SecretKeySpec(
            hex(key, "tributary-record-digest-key-v1").getBytes(StandardCharsets.UTF_8),
            "HmacSHA256");
  }

  /** The pseudonym of a value, 16 hex characters (64 bits of the HMAC). */
  public String pseudonym(String value) {
    return hex(value).substring(0, PSEUDONYM_HEX_CHARS);
  }

  /** Identifies the key without revealing it, so a key rotation changes the pipeline version. */
  public String keyFingerprint() {
    return pseudonym("tributary-key-fingerprint");
  }

  /**
   * A full-length keyed digest (64 hex characters) of a record's canonical raw form, under a key
   * derived from this one for that use only: who holds the digests but not the key cannot test a
   * guess of a raw value against them, and a digest never equals a pseudonym of the same text.
   */
  public String digest(String canonical) {
    return hex(digestKey, canonical);
  }

  private String hex(String value) {
    return hex(key, value);
  }

  private static String hex(SecretKeySpec key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
