package io.tributary.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM over the originals Tributary keeps (opt-in): a 96-bit random nonce per message, a 128-bit
 * tag, associated data that binds a ciphertext to its record. Keys are {@code id:base64} pairs (16,
 * 24 or 32 bytes each); the first one encrypts, every one decrypts, so a key rotates by putting the
 * new one first and dropping the old one once nothing is sealed with it. Thread-safe and immutable.
 */
public final class OriginalCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A sealed message.
   *
   * @param keyId the key that sealed it
   * @param nonce its 12-byte nonce
   * @param ciphertext ciphertext and tag
   */
  public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    public Sealed {
      Objects.requireNonNull(keyId, "keyId");
      if (nonce == null || nonce.length != NONCE_BYTES) {
        throw new IllegalArgumentException("a nonce has 12 bytes");
      }
      Objects.requireNonNull(ciphertext, "ciphertext");
    }
  }

  /** Thrown when a message cannot be opened: unknown key, wrong record, or tampered. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private OriginalCipher(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Parses {@code id:base64[,id:base64...]}.
   *
   * @throws IllegalArgumentException on an empty list, a malformed pair, a duplicate id or a key
   *     that is not 16, 24 or 32 bytes (the message never contains key material)
   */
  public static OriginalCipher parse(List<String> pairs) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String first = null;
    for (String raw : pairs == null ? List.<String>of() : pairs) {
      String pair = raw.trim();
      if (pair.isEmpty()) {
        continue;
      }
      int colon = pair.indexOf(':');
      if (colon < 1 || colon == pair.length() - 1) {
        throw new IllegalArgumentException(
            "an originals key is id:base64 (key " + keys.size() + ")");
      }
      String id = pair.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
        throw new IllegalArgumentException("an originals key id is 1-32 of [A-Za-z0-9_.-]");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(pair.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("originals key " + id + " is not base64");
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException("originals key " + id + " must be 16, 24 or 32 bytes");
      }
      if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("originals key id " + id + " appears twice");
      }
      first = first == null ? id : first;
    }
    if (first == null) {
      throw new IllegalArgumentException("no originals key configured");
    }
    return new OriginalCipher(first, Map.copyOf(keys));
  }

  /** The id of the key that seals. */
  public String currentKeyId() {
    return currentId;
  }

  /** Seals {@code plaintext} bound to {@code associated} (the record's identity). */
  public Sealed seal(byte[] plaintext, String associated) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      return new Sealed(currentId, nonce, c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Opens a sealed message bound to {@code associated}. */
  public byte[] open(Sealed sealed, String associated) throws Unreadable {
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      throw new Unreadable("originals key " + sealed.keyId() + " is not configured", null);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(sealed.ciphertext());
    } catch (javax.crypto.AEADBadTagException e) {
      throw new Unreadable("an original does not open: tampered, or sealed for another record", e);
    } catch (GeneralSecurityException e) {
      throw new Unreadable("an original does not open", e);
    }
  }
}
