package io.tributary.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One file to parse and index, as it arrived.
 *
 * @param key source and document id (the file name unless the caller chose an id)
 * @param fileName the name the file came with, a hint for format detection; may be {@code null}
 * @param declaredType the content type the sender declared, a hint; may be {@code null}
 * @param content the file's bytes; empty when {@code size} is over the limit and it was not read
 * @param size the file's size in bytes
 * @param acl principals allowed to read it; empty for none recorded
 * @param origin transport coordinates
 */
public record DocumentInput(
    RecordKey key,
    String fileName,
    String declaredType,
    byte[] content,
    long size,
    List<String> acl,
    Origin origin) {

  public DocumentInput(
      RecordKey key,
      String fileName,
      String declaredType,
      byte[] content,
      List<String> acl,
      Origin origin) {
    this(key, fileName, declaredType, content, content.length, acl, origin);
  }

  public DocumentInput {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(origin, "origin");
    acl = acl == null ? List.of() : List.copyOf(acl);
  }

  /** The same file under another key and origin (their names redacted). */
  public DocumentInput withKey(RecordKey otherKey, Origin otherOrigin) {
    return new DocumentInput(otherKey, fileName, declaredType, content, size, acl, otherOrigin);
  }

  /** The file's own key, or {@code id!/path} for one of its parts. */
  public RecordKey keyOf(ParsedDocument parsed) {
    if (parsed.isRoot()) {
      return key;
    }
    String id = key.id() + PART_SEPARATOR + parsed.path();
    if (id.length() > RecordKey.MAX_ID_LENGTH) {
      // an attachment name too long for an id: its start and a hash of the whole, still unique
      id = id.substring(0, RecordKey.MAX_ID_LENGTH - 18) + "~" + Sha256.hex(id).substring(0, 16);
    }
    return new RecordKey(key.source(), id);
  }

  /** Separates a file's id from an attachment's path in the attachment's record id. */
  public static final String PART_SEPARATOR = "!";

  /**
   * A document's properties become its fields: they are redacted under the source's field policy.
   */
  public SourceRecord toRecord(ParsedDocument parsed) {
    RecordKey partKey = keyOf(parsed);
    Map<String, String> metadata = parsed.isRoot() ? Map.of() : Map.of("parent", key.id());
    return new SourceRecord(
        partKey,
        null,
        RecordOp.UPSERT,
        parsed.properties(),
        parsed.markup(),
        acl,
        metadata,
        origin,
        RecordKind.DOCUMENT);
  }
}
