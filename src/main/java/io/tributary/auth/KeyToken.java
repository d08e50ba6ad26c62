package io.tributary.auth;

import io.tributary.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The wire form of an API key: {@code trb_<id>_<secret>}, the id 16 hex digits (public, names the
 * key in lists and audit entries), the secret 32 random bytes in unpadded base64url (43 chars).
 * {@code scripts/keys.sh} makes the same form.
 */
public record KeyToken(String id, String secret) {

  public static final String PREFIX = "trb_";
  static final int ID_CHARS = 16;
  static final int SECRET_CHARS = 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  public static KeyToken generate() {
    byte[] id = new byte[ID_CHARS / 2];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    return new KeyToken(
        HexFormat.of().formatHex(id),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /**
   * The key in a credential, or empty when it does not have the form (then it is no key of ours).
   */
  public static Optional<KeyToken> parse(String credential) {
    if (credential == null
        || credential.length() != PREFIX.length() + ID_CHARS + 1 + SECRET_CHARS
        || !credential.startsWith(PREFIX)
        || credential.charAt(PREFIX.length() + ID_CHARS) != '_') {
      return Optional.empty();
    }
    String id = credential.substring(PREFIX.length(), PREFIX.length() + ID_CHARS);
    String secret = credential.substring(PREFIX.length() + ID_CHARS + 1);
    if (!id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
        || !secret.chars().allMatch(KeyToken::base64url)) {
      return Optional.empty();
    }
    return Optional.of(new KeyToken(id, secret));
  }

  /**
   * Whether {@code credential} looks like one of our keys (so no other mechanism should try it).
   */
  public static boolean looksLikeKey(String credential) {
    return credential != null && credential.startsWith(PREFIX);
  }

  public String secretHash() {
    return Sha256.hex(secret);
  }

  /** Constant-time comparison of this key's secret with a stored hash. */
  public boolean matches(String storedHash) {
    return MessageDigest.isEqual(
        secretHash().getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  public String wire() {
    return PREFIX + id + "_" + secret;
  }

  @Override
  public String toString() {
    return PREFIX + id + "_***";
  }

  private static boolean base64url(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
