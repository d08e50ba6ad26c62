package io.tributary.redact.ids;

import io.tributary.model.EntityType;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One written form of a national identifier, as {@code national-ids.yaml} states it.
 *
 * @param name the rule's name (reports and tests)
 * @param type the type its findings get
 * @param lengths the lengths of the compact form (letters and digits only)
 * @param form the written form, matched whole against the candidate as written (upper-cased)
 * @param validator the identifier's published check, over the compact form
 * @param context words of which one must stand before the candidate; empty when none is needed
 */
public record IdRule(
    String name,
    EntityType type,
    Set<Integer> lengths,
    Pattern form,
    Predicate<String> validator,
    List<String> context) {

  public IdRule {
    lengths = Set.copyOf(lengths);
    context = List.copyOf(context);
  }

  public boolean needsContext() {
    return !context.isEmpty();
  }
}
