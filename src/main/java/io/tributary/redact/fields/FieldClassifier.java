package io.tributary.redact.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a field holds, inferred from its name by the rules of {@code /redact/field-types.yaml}
 * (data, not code; the file's header states the matching). Results are cached by path: a source has
 * few distinct field names. Thread-safe.
 */
public final class FieldClassifier {

  private static final String RESOURCE = "/redact/field-types.yaml";
  private static final FieldClassifier SHIPPED = load();
  private static final int MAX_CACHED = 10_000;

  /** One type's entries, each as its words written together. */
  private record Rule(
      EntityType type, Set<String> names, List<String> suffixes, Set<String> unless) {}

  private final List<Rule> rules;

  /** Names of fields that hold a thing (a product, a brand), not a person or a place. */
  private final Rule things;

  private final Set<String> stopWords;
  private final Set<String> genericWords;
  private final ConcurrentHashMap<String, Optional<EntityType>> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> thingCache = new ConcurrentHashMap<>();

  private FieldClassifier(
      List<Rule> rules, Rule things, Set<String> stopWords, Set<String> genericWords) {
    this.rules = List.copyOf(rules);
    this.things = things;
    this.stopWords = Set.copyOf(stopWords);
    this.genericWords = Set.copyOf(genericWords);
  }

  /** The shipped rules. */
  public static FieldClassifier shipped() {
    return SHIPPED;
  }

  /**
   * The type a field of this name holds, or empty when the name says nothing. The path is a record
   * field's dotted path as flattened ({@code customer.name}, {@code phones[0]}).
   */
  public Optional<EntityType> classify(String path) {
    Optional<EntityType> known = cache.get(path);
    if (known != null) {
      return known;
    }
    Optional<EntityType> type = compute(path);
    if (cache.size() < MAX_CACHED) {
      cache.put(path, type);
    }
    return type;
  }

  /**
   * Whether a field of this name holds a thing (a product, a brand, a model) rather than a person
   * or a place, by the {@code things} entry of the rules: its values are not scanned for names and
   * places. A name that a type's rule classifies is never a thing's.
   */
  public boolean namesThing(String path) {
    Boolean known = thingCache.get(path);
    if (known != null) {
      return known;
    }
    boolean thing = classify(path).isEmpty() && !match(path, List.of(things)).isEmpty();
    if (thingCache.size() < MAX_CACHED) {
      thingCache.put(path, thing);
    }
    return thing;
  }

  private static final Pattern SEGMENTS = Pattern.compile("[.\\[\\]/:]+");

  private Optional<EntityType> compute(String path) {
    return match(path, rules);
  }

  /** The type of the first of these rules that the name matches, as the file's header says. */
  private Optional<EntityType> match(String path, List<Rule> candidates) {
    List<List<String>> segments = new ArrayList<>();
    for (String segment : SEGMENTS.split(path)) {
      List<String> words = words(segment);
      if (!words.isEmpty()
          && !words.stream().allMatch(w -> w.chars().allMatch(Character::isDigit))) {
        segments.add(words);
      }
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    List<String> all = segments.stream().flatMap(List::stream).toList();
    for (int s = segments.size() - 1; s >= 0; s--) {
      List<String> words = segments.get(s);
      for (Rule rule : candidates) {
        if (matches(words, rule.names(), rule.suffixes())
            && !matches(all, rule.unless(), List.of())) {
          return Optional.of(rule.type());
        }
      }
      if (!genericWords.containsAll(words)) {
        break; // the segment said something else: its parent is not asked
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a run of consecutive words, written together (or that and a plural "s"), is an entry,
   * or a word ends with a suffix.
   */
  private static boolean matches(List<String> words, Set<String> entries, List<String> suffixes) {
    for (int i = 0; i < words.size(); i++) {
      StringBuilder run = new StringBuilder();
      for (int j = i; j < words.size() && j < i + 5; j++) {
        run.append(words.get(j));
        String joined = run.toString();
        if (entries.contains(joined)
            || (joined.length() > 3
                && joined.endsWith("s")
                && entries.contains(joined.substring(0, joined.length() - 1)))) {
          return true;
        }
      }
      for (String suffix : suffixes) {
        if (words.get(i).endsWith(suffix)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The words of a name: split at non-letters-or-digits, camelCase humps and letter-digit changes;
   * lower-cased, accents folded, stop words dropped.
   */
  List<String> words(String name) {
    String folded = fold(name);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(word, words);
        continue;
      }
      if (word.length() > 0) {
        char p = folded.charAt(i - 1);
        boolean hump = Character.isLowerCase(p) && Character.isUpperCase(c);
        boolean acronymEnd =
            Character.isUpperCase(p)
                && Character.isUpperCase(c)
                && i + 1 < folded.length()
                && Character.isLowerCase(folded.charAt(i + 1));
        boolean digitChange = Character.isDigit(p) != Character.isDigit(c);
        if (hump || acronymEnd || digitChange) {
          flush(word, words);
        }
      }
      word.append(c);
    }
    flush(word, words);
    words.removeIf(stopWords::contains);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
      word.setLength(0);
    }
  }

  /** Accents and ligatures folded to ASCII letters; case kept (camelCase still splits). */
  static String fold(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      switch (c) {
        case 'ß' -> out.append("ss");
        case 'ø' -> out.append('o');
        case 'Ø' -> out.append('O');
        case 'æ' -> out.append("ae");
        case 'Æ' -> out.append("Ae");
        case 'ł' -> out.append('l');
        case 'Ł' -> out.append('L');
        case 'đ' -> out.append('d');
        case 'Đ' -> out.append('D');
        case 'œ' -> out.append("oe");
        case 'Œ' -> out.append("Oe");
        case 'þ' -> out.append("th");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static FieldClassifier load() {
    try (InputStream in = FieldClassifier.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static FieldClassifier parse(JsonNode root) {
    Set<String> stop = new HashSet<>();
    root.path("stop-words").forEach(w -> stop.add(w.asText()));
    Set<String> generic = new HashSet<>();
    root.path("generic-words").forEach(w -> generic.add(w.asText()));
    FieldClassifier words = new FieldClassifier(List.of(), null, stop, generic);
    List<Rule> rules = new ArrayList<>();
    for (JsonNode t : root.path("types")) {
      rules.add(
          new Rule(
              EntityType.valueOf(t.path("type").asText()),
              joined(words, t.path("names")),
              List.copyOf(joined(words, t.path("suffixes"))),
              joined(words, t.path("unless"))));
    }
    JsonNode t = root.path("things");
    // typed PERSON only to fit the record; namesThing asks whether it matches, not its type
    Rule things =
        new Rule(
            EntityType.PERSON,
            joined(words, t.path("names")),
            List.of(),
            joined(words, t.path("unless")));
    return new FieldClassifier(rules, things, stop, generic);
  }

  /** Each entry's words (split, folded, stop words dropped as a name's are), written together. */
  private static Set<String> joined(FieldClassifier words, JsonNode entries) {
    Set<String> out = new HashSet<>();
    entries.forEach(e -> out.add(String.join("", words.words(e.asText()))));
    out.remove("");
    return Set.copyOf(out);
  }
}
