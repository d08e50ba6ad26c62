package io.tributary.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of redactions by entity type, and by field ({@code text}, {@code metadata.<key>} or the
 * field's dotted path) and type. Holds counts only, never the values.
 */
public record RedactionReport(
    Map<String, Integer> counts, Map<String, Map<String, Integer>> byField) {

  public static final RedactionReport NONE = new RedactionReport(Map.of());

  public RedactionReport {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    (byField == null ? Map.<String, Map<String, Integer>>of() : byField)
        .forEach(
            (field, c) -> copy.put(field, Collections.unmodifiableMap(new LinkedHashMap<>(c))));
    byField = Collections.unmodifiableMap(copy);
  }

  /** Counts by type only. */
  public RedactionReport(Map<String, Integer> counts) {
    this(counts, Map.of());
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
