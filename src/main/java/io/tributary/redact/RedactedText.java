package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A text after redaction and what was replaced in it, by type. */
public record RedactedText(String text, Map<EntityType, Integer> counts) {

  public RedactedText {
    counts =
        Collections.unmodifiableMap(
            counts.isEmpty() ? new EnumMap<>(EntityType.class) : new EnumMap<>(counts));
  }
}
