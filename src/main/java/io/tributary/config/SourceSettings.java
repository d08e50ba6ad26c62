package io.tributary.config;

import io.tributary.model.EntityType;
import io.tributary.model.EqualVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source's own settings from {@code config/sources/<source>.yaml}, or the defaults.
 *
 * @param source source name
 * @param fields field policies by dotted field path
 * @param defaultFieldAction action for fields the policy does not name
 * @param textAction how detected values in free text and scanned fields are replaced: {@link
 *     FieldAction#MASK} or {@link FieldAction#HASH}
 * @param topics Kafka topics the source reads
 * @param fingerprint SHA-256 of the policy files' content, part of the pipeline version
 * @param entities operator per entity type name, overriding {@code textAction} for that type
 * @param directory the folder of files this source syncs, or {@code null} for none
 * @param equalVersion what a record with the stored version but other content gets ({@code
 *     equal-version}, default {@link EqualVersion#REJECT}); not part of the fingerprint, since it
 *     decides which delivery is stored, not what a delivery becomes
 * @param mapping the format of the source's Kafka messages and how they map to records
 * @param fieldTypes a field's type pinned by the source ({@code field-types}), by dotted path (an
 *     array's elements by the path without {@code [i]}): an entity type name, or {@code NONE} for a
 *     field never classified; it overrides the type the redactor would infer from the field's name
 *     or values. An explicit field policy ({@code fields}) still wins over it.
 */
public record SourceSettings(
    String source,
    Map<String, FieldAction> fields,
    FieldAction defaultFieldAction,
    FieldAction textAction,
    List<String> topics,
    String fingerprint,
    Map<String, EntityOperator> entities,
    DirectorySpec directory,
    EqualVersion equalVersion,
    RecordMapping mapping,
    Map<String, String> fieldTypes) {

  /** No pinned field type: {@code NONE} in {@link #fieldTypes}. */
  public static final String NO_TYPE = "NONE";

  /** Settings of a source in Tributary's own message format, without pinned field types. */
  public SourceSettings(
      String source,
      Map<String, FieldAction> fields,
      FieldAction defaultFieldAction,
      FieldAction textAction,
      List<String> topics,
      String fingerprint,
      Map<String, EntityOperator> entities,
      DirectorySpec directory,
      EqualVersion equalVersion) {
    this(
        source,
        fields,
        defaultFieldAction,
        textAction,
        topics,
        fingerprint,
        entities,
        directory,
        equalVersion,
        RecordMapping.TRIBUTARY,
        Map.of());
  }

  /** Settings without pinned field types. */
  public SourceSettings(
      String source,
      Map<String, FieldAction> fields,
      FieldAction defaultFieldAction,
      FieldAction textAction,
      List<String> topics,
      String fingerprint,
      Map<String, EntityOperator> entities,
      DirectorySpec directory,
      EqualVersion equalVersion,
      RecordMapping mapping) {
    this(
        source,
        fields,
        defaultFieldAction,
        textAction,
        topics,
        fingerprint,
        entities,
        directory,
        equalVersion,
        mapping,
        Map.of());
  }

  /**
   * Settings of a source that syncs no directory, with the default {@code equal-version: reject}.
   */
  public SourceSettings(
      String source,
      Map<String, FieldAction> fields,
      FieldAction defaultFieldAction,
      FieldAction textAction,
      List<String> topics,
      String fingerprint,
      Map<String, EntityOperator> entities) {
    this(
        source,
        fields,
        defaultFieldAction,
        textAction,
        topics,
        fingerprint,
        entities,
        null,
        EqualVersion.REJECT);
  }

  /** Settings without per-type operators: every detected value gets {@code textAction}. */
  public SourceSettings(
      String source,
      Map<String, FieldAction> fields,
      FieldAction defaultFieldAction,
      FieldAction textAction,
      List<String> topics,
      String fingerprint) {
    this(source, fields, defaultFieldAction, textAction, topics, fingerprint, Map.of());
  }

  public SourceSettings {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(defaultFieldAction, "defaultFieldAction");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(equalVersion, "equalVersion");
    mapping = mapping == null ? RecordMapping.TRIBUTARY : mapping;
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    topics = List.copyOf(topics);
    entities = Map.copyOf(entities);
    Map<String, String> types = new LinkedHashMap<>();
    (fieldTypes == null ? Map.<String, String>of() : fieldTypes)
        .forEach(
            (path, type) -> {
              String t = type.toUpperCase(java.util.Locale.ROOT);
              if (!t.equals(NO_TYPE)) {
                try {
                  EntityType.valueOf(t);
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "field-types: " + path + " has no such type " + type, e);
                }
              }
              types.put(path, t);
            });
    fieldTypes = Collections.unmodifiableMap(types);
    if (textAction != FieldAction.MASK && textAction != FieldAction.HASH) {
      throw new IllegalArgumentException("text action must be mask or hash, was " + textAction);
    }
  }

  public FieldAction actionFor(String fieldPath) {
    return fields.getOrDefault(fieldPath, defaultFieldAction);
  }

  /**
   * The type the source pins for a field ({@link #NO_TYPE} for never classified), or {@code null}
   * when it pins none: by the exact path, else by the path without array indices.
   */
  public String fieldTypeFor(String fieldPath) {
    String own = fieldTypes.get(fieldPath);
    if (own == null && fieldPath.indexOf('[') >= 0) {
      own = fieldTypes.get(fieldPath.replaceAll("\\[\\d+\\]", ""));
    }
    return own;
  }

  /** The operator for a detected value of this type: its own, else the text action. */
  public EntityOperator operatorFor(String entityType) {
    EntityOperator own = entities.get(entityType);
    if (own != null) {
      return own;
    }
    return textAction == FieldAction.HASH ? EntityOperator.HASH : EntityOperator.REDACT;
  }
}
