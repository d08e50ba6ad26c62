package io.tributary.redact;

import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.EntityType;
import io.tributary.redact.fields.FieldClassifier;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of a record's scanned fields hold one kind of value as a whole, so that their whole value
 * gets that type's operator: the type the source pins ({@code field-types}), else the one its name
 * says ({@link FieldClassifier}), else the one its values have: a field (or an array field's
 * elements, by the path without {@code [i]}) most of whose values are each, whole, one value that a
 * detector validates (an e-mail, an IBAN, a card, an identifier, a phone or IP address). A field
 * the policy names explicitly (drop, mask, hash, keep or scan) is never classified by name or by
 * values: its policy wins; a pinned type applies to any scanned field. Stateless and thread-safe.
 */
final class FieldTypes {

  /** Types whose detectors validate what they find: a whole value of one of them says the type. */
  private static final Set<EntityType> VALIDATED =
      EnumSet.of(
          EntityType.EMAIL,
          EntityType.IBAN,
          EntityType.CREDIT_CARD,
          EntityType.US_SSN,
          EntityType.NATIONAL_ID,
          EntityType.PHONE,
          EntityType.IP_ADDRESS);

  /** What a field that names a thing (a product, a brand) is not scanned for. */
  private static final Set<EntityType> NOT_IN_THINGS =
      EnumSet.of(EntityType.PERSON, EntityType.LOCATION);

  private final FieldClassifier classifier;

  FieldTypes(FieldClassifier classifier) {
    this.classifier = classifier;
  }

  /**
   * The type a field holds by its pin or its name, or {@code null}; for a field whose action is
   * {@link FieldAction#SCAN}.
   */
  EntityType byName(String path, SourceSettings settings) {
    String pinned = settings.fieldTypeFor(path);
    if (pinned != null) {
      return pinned.equals(SourceSettings.NO_TYPE) ? null : EntityType.valueOf(pinned);
    }
    if (settings.fields().containsKey(path)) {
      return null;
    }
    return classifier.classify(path).orElse(null);
  }

  /**
   * The types of a record's scanned fields, by path: by pin or name, else by their values.
   *
   * @param scanned the fields whose action is scan, by path as given
   * @param findings a text's findings (the redactor's), computed once per value and kept in {@code
   *     found} for the scan that follows
   */
  Map<String, EntityType> classify(
      Map<String, String> scanned,
      SourceSettings settings,
      Function<String, List<Finding>> findings,
      Map<String, List<Finding>> found) {
    Map<String, EntityType> types = new LinkedHashMap<>();
    Map<String, Map<EntityType, Integer>> votes = new HashMap<>();
    Map<String, Integer> values = new HashMap<>();
    scanned.forEach(
        (path, value) -> {
          EntityType named = byName(path, settings);
          if (named != null || settings.fieldTypeFor(path) != null) {
            if (named != null) {
              types.put(path, named);
            }
            return;
          }
          if (value == null || value.isBlank() || settings.fields().containsKey(path)) {
            return;
          }
          List<Finding> f = findings.apply(value);
          if (classifier.namesThing(path)) {
            // "HP Pavilion" in a product field is no person, "Dell" no surname
            f = f.stream().filter(x -> !NOT_IN_THINGS.contains(x.type())).toList();
          }
          found.put(path, f);
          String group = group(path);
          values.merge(group, 1, Integer::sum);
          EntityType whole = wholeValue(value, f);
          if (whole != null) {
            votes.computeIfAbsent(group, g -> new HashMap<>()).merge(whole, 1, Integer::sum);
          }
        });
    scanned.forEach(
        (path, value) -> {
          if (types.containsKey(path) || !found.containsKey(path)) {
            return;
          }
          String group = group(path);
          Map<EntityType, Integer> v = votes.get(group);
          if (v == null) {
            return;
          }
          v.forEach(
              (type, n) -> {
                if (n * 2 > values.get(group)) {
                  types.put(path, type);
                }
              });
        });
    return types;
  }

  /** An array element's field: its path without the index. */
  private static String group(String path) {
    return path.endsWith("]") ? path.replaceAll("\\[\\d+\\]$", "") : path;
  }

  /** The validated type of a value that is one finding, whole (but blanks around it). */
  private static EntityType wholeValue(String value, List<Finding> findings) {
    if (findings.size() != 1 || !VALIDATED.contains(findings.get(0).type())) {
      return null;
    }
    Finding f = findings.get(0);
    return value.substring(0, f.start()).isBlank() && value.substring(f.end()).isBlank()
        ? f.type()
        : null;
  }
}
