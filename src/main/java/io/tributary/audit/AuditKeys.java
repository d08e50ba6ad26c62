package io.tributary.audit;

import io.tributary.config.TributaryConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys of the audit log ({@code tributary.audit.hmac-keys}): the active key signs
 * new entries and checkpoints, every configured key verifies what was signed under its id. The
 * secrets live only here, never in the database, so its owner cannot re-sign a rewritten entry.
 * Thread-safe; never prints a secret.
 */
@Singleton
public class AuditKeys {

  static final int MIN_SECRET_LENGTH = 32;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final String SETTING = "tributary.audit.hmac-keys (TRIBUTARY_AUDIT_HMAC_KEYS)";

  private final String activeId;
  private final Map<String, SecretKeySpec> keys;

  @Inject
  AuditKeys(TributaryConfig config) {
    this(config.audit().hmacKeys());
  }

  /**
   * @param pairs {@code id:secret}, the active key first
   * @throws IllegalArgumentException naming the setting and the offending id, never a secret
   */
  public AuditKeys(List<String> pairs) {
    Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
    for (String pair : pairs) {
      int colon = pair.indexOf(':');
      String id = colon < 0 ? "" : pair.substring(0, colon).trim();
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            SETTING + ": each entry is id:secret with an id of 1 to 32 of A-Z a-z 0-9 . _ -");
      }
      String secret = pair.substring(colon + 1).trim();
      if (secret.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            SETTING + ": the secret of key '" + id + "' is shorter than " + MIN_SECRET_LENGTH);
      }
      if (parsed.put(id, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
          != null) {
        throw new IllegalArgumentException(SETTING + ": key id '" + id + "' is listed twice");
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(SETTING + " names no key");
    }
    this.activeId = parsed.keySet().iterator().next();
    this.keys = Map.copyOf(parsed);
  }

  /** The id of the key that signs new entries. */
  public String activeId() {
    return activeId;
  }

  /** Key ids that can be verified, the active one included. */
  public int count() {
    return keys.size();
  }

  public boolean knows(String keyId) {
    return keyId != null && keys.containsKey(keyId);
  }

  /** HMAC-SHA256 of {@code message} under key {@code keyId}, lower-case hex. */
  public String mac(String keyId, String message) {
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException("unknown audit key id '" + keyId + "'");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Whether {@code mac} is the MAC of {@code message} under a known key {@code keyId}; compared in
   * constant time.
   */
  public boolean matches(String keyId, String message, String mac) {
    return knows(keyId)
        && mac != null
        && MessageDigest.isEqual(
            mac(keyId, message).getBytes(StandardCharsets.US_ASCII),
            mac.getBytes(StandardCharsets.US_ASCII));
  }
}
