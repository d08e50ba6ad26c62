package io.tributary.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of redactions by entity type. Holds counts only, never the values. */
public record RedactionReport(Map<String, Integer> counts) {

  public static final RedactionReport NONE = new RedactionReport(Map.of());

  public RedactionReport {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  public static RedactionReport of(EnumMap<EntityType, Integer> counts) {
    Map<String, Integer> byName = new LinkedHashMap<>();
    counts.forEach((type, n) -> byName.put(type.name(), n));
    return new RedactionReport(byName);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
