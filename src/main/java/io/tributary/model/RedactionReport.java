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

  /**
   * In {@link #byField}, the key that names a field's classified type: {@code CLASSIFIED_AS_PERSON:
   * 1} when the field's whole value was redacted as a {@code PERSON} because of what its name (or
   * its values, or the source's {@code field-types}) says it holds.
   */
  public static final String CLASSIFIED_AS = "CLASSIFIED_AS_";

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

  /** The classified fields and their types, from {@link #CLASSIFIED_AS} entries. */
  public Map<String, String> classifiedFields() {
    Map<String, String> out = new LinkedHashMap<>();
    byField.forEach(
        (field, c) ->
            c.keySet().stream()
                .filter(k -> k.startsWith(CLASSIFIED_AS))
                .findFirst()
                .ifPresent(k -> out.put(field, k.substring(CLASSIFIED_AS.length()))));
    return out;
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
