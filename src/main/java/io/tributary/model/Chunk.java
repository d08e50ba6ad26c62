package io.tributary.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A piece of a redacted record's rendering, small enough for the embedding model to read whole.
 *
 * @param id deterministic id (UUIDv5 of source, record id, ordinal and text hash)
 * @param key the record it belongs to
 * @param ordinal position in the record, from 0
 * @param text redacted text
 * @param tokenCount word pieces as the embedding model's tokenizer counts them
 * @param location where in a document the chunk sits ({@code section}, {@code pages}); empty for
 *     records
 */
public record Chunk(
    UUID id,
    RecordKey key,
    int ordinal,
    String text,
    int tokenCount,
    Map<String, String> location) {

  public Chunk(UUID id, RecordKey key, int ordinal, String text, int tokenCount) {
    this(id, key, ordinal, text, tokenCount, Map.of());
  }

  public Chunk {
    location =
        location == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(location));
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(text, "text");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("a chunk has text");
    }
  }

  /** A chunk with its deterministic id: re-ingesting the same text yields the same ids. */
  public static Chunk of(RecordKey key, int ordinal, String text, int tokenCount) {
    return new Chunk(deterministicId(key, ordinal, text), key, ordinal, text, tokenCount, Map.of());
  }

  /** A document chunk with its place in the document. */
  public static Chunk of(
      RecordKey key, int ordinal, String text, int tokenCount, Map<String, String> location) {
    return new Chunk(deterministicId(key, ordinal, text), key, ordinal, text, tokenCount, location);
  }

  /** UUIDv5 (SHA-1, name-based) of source, record id, ordinal and the text's SHA-256. */
  public static UUID deterministicId(RecordKey key, int ordinal, String text) {
    String name =
        key.source() + "\u0000" + key.id() + "\u0000" + ordinal + "\u0000" + Sha256.hex(text);
    byte[] hash;
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(uuidBytes(NAMESPACE));
      hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  /** Tributary's UUIDv5 namespace for chunk ids; never change it, or every id changes. */
  private static final UUID NAMESPACE = UUID.fromString("6f1b8a52-4a9e-4c36-9a43-2f0c3b9d7e10");

  private static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }
}
