package io.tributary.config;

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
 * @param fingerprint SHA-256 of the file's canonical content, part of the pipeline version
 */
public record SourceSettings(
    String source,
    Map<String, FieldAction> fields,
    FieldAction defaultFieldAction,
    FieldAction textAction,
    List<String> topics,
    String fingerprint) {

  public SourceSettings {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(defaultFieldAction, "defaultFieldAction");
    Objects.requireNonNull(fingerprint, "fingerprint");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    topics = List.copyOf(topics);
    if (textAction != FieldAction.MASK && textAction != FieldAction.HASH) {
      throw new IllegalArgumentException("text action must be mask or hash, was " + textAction);
    }
  }

  public FieldAction actionFor(String fieldPath) {
    return fields.getOrDefault(fieldPath, defaultFieldAction);
  }
}
