package io.tributary.redact.ids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The national-identifier rules of {@code /redact/national-ids.yaml}, read once. A rule file that
 * names an unknown validator, type or context set fails the start: a redaction rule is never
 * silently ignored.
 *
 * @param rules the rules, in the order they are tried
 * @param window how many characters before a candidate its context word may stand
 */
public record IdRules(List<IdRule> rules, int window) {

  public IdRules {
    rules = List.copyOf(rules);
    if (rules.size() > 64) {
      throw new IllegalArgumentException("at most 64 identifier rules, not " + rules.size());
    }
  }

  /**
   * The words of a text as context phrases are matched: runs of letters and digits, lower-cased,
   * joined by one space.
   */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  /**
   * For each context phrase (its {@link #words} joined by a space), the rules it serves as a bit
   * mask: bit {@code i} for rule {@code i}.
   */
  public java.util.Map<String, Long> phraseMasks() {
    java.util.Map<String, Long> masks = new java.util.HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      long bit = 1L << i;
      for (String phrase : rules.get(i).context()) {
        masks.merge(String.join(" ", words(phrase)), bit, (a, b) -> a | b);
      }
    }
    masks.remove("");
    return masks;
  }

  private static final String RESOURCE = "/redact/national-ids.yaml";

  private static final IdRules SHIPPED = load();

  /** The shipped rules. */
  public static IdRules shipped() {
    return SHIPPED;
  }

  /** The longest compact form any rule accepts. */
  public int maxLength() {
    return rules.stream().flatMap(r -> r.lengths().stream()).mapToInt(i -> i).max().orElse(0);
  }

  /** The shortest compact form any rule accepts. */
  public int minLength() {
    return rules.stream().flatMap(r -> r.lengths().stream()).mapToInt(i -> i).min().orElse(0);
  }

  private static IdRules load() {
    try (InputStream in = IdRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static IdRules parse(JsonNode root) {
    JsonNode sets = root.path("context-sets");
    List<IdRule> rules = new ArrayList<>();
    for (JsonNode r : root.path("rules")) {
      EntityType type = EntityType.valueOf(r.path("type").asText());
      Set<Integer> lengths = new HashSet<>();
      r.path("lengths").forEach(l -> lengths.add(l.asInt()));
      Set<String> words = new LinkedHashSet<>();
      String context = r.path("context").asText("none");
      if (!context.equals("none")) {
        if (!sets.has(context)) {
          throw new IllegalArgumentException(
              "rule " + r.path("name") + ": no context set " + context);
        }
        sets.get(context).forEach(w -> words.add(w.asText().toLowerCase(Locale.ROOT)));
        if (r.path("generic").asBoolean(type == EntityType.NATIONAL_ID)) {
          sets.path("generic").forEach(w -> words.add(w.asText().toLowerCase(Locale.ROOT)));
        }
      }
      rules.add(
          new IdRule(
              r.path("name").asText(),
              type,
              lengths,
              Pattern.compile(r.path("form").asText()),
              IdValidators.named(r.path("validator").asText()),
              List.copyOf(words)));
    }
    return new IdRules(rules, root.path("window").asInt(40));
  }
}
