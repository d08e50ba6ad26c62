package io.tributary.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One enterprise record as a source delivered it, before any redaction. It never leaves the
 * process: only its redacted rendering is stored or embedded.
 *
 * @param key source and id
 * @param version monotonic version when the source has one, else {@code null}
 * @param op upsert or delete
 * @param fields structured fields, flattened to dotted paths; empty for none
 * @param text free text, or {@code null}
 * @param acl principals allowed to read the record; empty means no restriction recorded
 * @param metadata caller metadata, flattened to dotted paths; empty for none
 * @param origin transport coordinates
 * @param kind a structured record, or a parsed document whose text is {@link DocumentMarkup}
 */
public record SourceRecord(
    RecordKey key,
    Long version,
    RecordOp op,
    Map<String, String> fields,
    String text,
    List<String> acl,
    Map<String, String> metadata,
    Origin origin,
    RecordKind kind) {

  /** A structured record. */
  public SourceRecord(
      RecordKey key,
      Long version,
      RecordOp op,
      Map<String, String> fields,
      String text,
      List<String> acl,
      Map<String, String> metadata,
      Origin origin) {
    this(key, version, op, fields, text, acl, metadata, origin, RecordKind.RECORD);
  }

  public SourceRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(origin, "origin");
    kind = kind == null ? RecordKind.RECORD : kind;
    if (version != null && version < 0) {
      throw new IllegalArgumentException("version must be >= 0");
    }
    fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    acl = acl == null ? List.of() : List.copyOf(acl);
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    if (op == RecordOp.UPSERT && fields.isEmpty() && (text == null || text.isBlank())) {
      throw new IllegalArgumentException("an upsert needs non-empty fields or text");
    }
  }
}
