package io.tributary.config;

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
    RecordMapping mapping) {

  /** Settings of a source in Tributary's own message format. */
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
        RecordMapping.TRIBUTARY);
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
    if (textAction != FieldAction.MASK && textAction != FieldAction.HASH) {
      throw new IllegalArgumentException("text action must be mask or hash, was " + textAction);
    }
  }

  public FieldAction actionFor(String fieldPath) {
    return fields.getOrDefault(fieldPath, defaultFieldAction);
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
