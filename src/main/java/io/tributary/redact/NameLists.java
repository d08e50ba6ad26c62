package io.tributary.redact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionaries of {@link PersonDetector} and {@link LocationDetector}: first and last names,
 * places, street suffixes and common English words, lower case, one entry a line under {@code
 * src/main/resources/redact/}. They were extracted once from the YAML resources of datafaker 2.7.0
 * (Apache-2.0) by {@code scripts/extract-name-lists.py}; no Faker code runs here. Loaded once, on
 * first use; immutable and thread-safe afterwards.
 */
final class NameLists {

  /**
   * Words that are names in the lists but, capitalised, more often start a sentence or name a month
   * or day than a person or place. Common English words (the datafaker word lists) are added.
   */
  private static final String[] STOP_WORDS = {
    "may",
    "will",
    "bill",
    "page",
    "long",
    "mark",
    "rose",
    "grace",
    "hope",
    "june",
    "april",
    "august",
    "summer",
    "autumn",
    "winter",
    "spring",
    "young",
    "green",
    "brown",
    "white",
    "black",
    "gray",
    "grey",
    "faith",
    "joy",
    "dawn",
    "sunny",
    "ray",
    "art",
    "bob",
    "pat",
    "rich",
    "frank",
    "chase",
    "grant",
    "wood",
    "hall",
    "king",
    "miles",
    "guy",
    "major",
    "dean",
    "holly",
    "ivy",
    "iris",
    "amber",
    "crystal",
    "ruby",
    "jade",
    "pearl",
    "star",
    "sky",
    "rain",
    "storm",
    "river",
    "lane",
    "street",
    "road",
    "north",
    "south",
    "east",
    "west",
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "god",
    "lord",
    "christ",
    "jesus",
    "allah",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "by",
    "with",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "you",
    "his",
    "her",
    "their",
    "our",
    "your",
    "my",
    "me",
    "him",
    "us",
    "them",
    "who",
    "what",
    "when",
    "where",
    "why",
    "how",
    "which",
    "not",
    "no",
    "yes",
    "all",
    "any",
    "can",
    "could",
    "would",
    "should",
    "shall",
    "must",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "hi",
    "hello",
    "dear",
    "thanks",
    "thank",
    "please",
    "sir",
    "madam",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "miss",
    "here",
    "there",
    "then",
    "than",
    "so",
    "also",
    "just",
    "only",
    "very",
    "new",
    "old",
    "card",
    "account",
    "bank",
    "credit",
    "email",
    "phone",
    "name",
    "address",
    "number",
    "date",
    "user",
    "bot",
    "customer",
    "client",
    "agent",
    "support",
    "team",
    "company",
    "inc",
    "ltd",
    "llc",
    "corp",
    "university",
    "college",
    "school",
    "hospital",
    "church",
    "center",
    "centre",
    "club",
    "park",
    "city",
    "state",
    "county",
    "country",
    "republic",
    "united",
    "kingdom",
    "states",
    "island",
    "islands",
    "saint",
    "st",
    "mount",
    "lake",
    "port",
    "fort",
    "english",
    "french",
    "german",
    "spanish",
    "american",
    "british",
    "european",
    "christian",
    "note",
    "notes",
    "subject",
    "re",
    "fw",
    "fwd",
    "cc",
    "bcc",
    "ok",
    "okay",
    "yes",
    "sure",
    "id",
    "ip",
    "api",
    "url",
    "http",
    "https",
    "www",
    "com",
    "org",
    "net",
    "io",
    "pdf",
    "json",
    "xml",
    "sql",
    "java",
    "python",
    "apache",
    "linux",
    "windows",
    "mac",
    "apple",
    "google",
    "amazon",
    "microsoft",
    "oracle",
    "christmas",
    "easter",
    "doctor",
    "nurse",
    "patient",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "baby",
    "love",
    "happy",
    "best",
    "good",
    "great",
    "little",
    "big",
    "worth",
    "price",
    "cash",
    "money",
    "justice",
    "liberty",
    "victory",
    "unity",
    "trinity",
    "angel",
    "destiny",
    "heaven",
    "paradise",
    "eden",
    "patience",
    "charity",
    "honor",
    "honour",
    "mercy",
    "prudence",
    "temperance",
    "constance",
    "felicity",
    "harmony",
    "melody",
    "serenity",
    "trust",
    "truth",
    "prince",
    "princess",
    "royal",
    "queen",
    "labor",
    "labour",
    "day",
    "box",
    "de",
    "la",
    "le",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "di",
    "da",
    "du",
    "des",
    "el",
    "al",
    "bin",
    "ibn",
    "o",
    "p",
    "po",
    // Greek letters and spelling-alphabet words name releases, variants and test data more often
    // than people
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "theta",
    "kappa",
    "lambda",
    "sigma",
    "omega",
    "bravo",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "kilo",
    "lima",
    "papa",
    "quebec",
    "sierra",
    "tango",
    "uniform",
    "whiskey",
    "yankee",
    "zulu",
  };

  static final Set<String> FIRST = union(load("first-names.txt"), load("first-names-world.txt"));
  static final Set<String> LAST = union(load("last-names.txt"), load("last-names-world.txt"));

  /**
   * Places: datafaker's address lists, plus {@code locations-world.txt} written for Tributary (the
   * countries, and the capitals and large cities of every continent in English and local spelling,
   * which datafaker's locales lack: {@code London}, {@code Tokyo}, {@code Amsterdam} were missing),
   * plus {@code locations-iso.txt}: the countries and subdivisions (states, provinces, regions,
   * municipalities) of Debian's iso-codes (LGPL-2.1+) and the tz database's cities, by {@code
   * scripts/extract-iso-places.py}.
   */
  static final Set<String> PLACES =
      union(union(load("locations.txt"), load("locations-world.txt")), load("locations-iso.txt"));

  /** The countries and large cities alone ({@code locations-world.txt}). */
  static final Set<String> WORLD_PLACES = load("locations-world.txt");

  /**
   * Street types after the name: datafaker's, plus {@code street-suffixes-world.txt} written for
   * Tributary (the postal abbreviations {@code St}, {@code Rd}, {@code Ave}..., and types written
   * as a word of their own in other languages: Hungarian {@code u.}/{@code út}/{@code tér},
   * Estonian {@code tee}, Latvian {@code iela}, Norwegian {@code gate}/{@code vei}...).
   */
  static final Set<String> STREET_SUFFIXES =
      union(load("street-suffixes.txt"), load("street-suffixes-world.txt"));

  static final Set<String> COMMON = common();

  /** The first words of the places of more than one word ({@code san} of {@code san diego}). */
  static final Set<String> PLACE_HEADS = heads(PLACES);

  /** Titles before a name: {@code Dr.}, {@code Mrs}. */
  static final Set<String> TITLES =
      Set.of(
          "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mister", "dame", "herr",
          "frau");

  /**
   * Every word of the lists with the lists it is in, as {@link Words} flags: one look-up a word
   * instead of one a list.
   */
  static final WordSet KINDS = WordSet.of(kinds());

  private NameLists() {}

  private static Map<String, Integer> kinds() {
    Map<String, Integer> kinds = new HashMap<>(1 << 18);
    List<Map.Entry<Set<String>, Integer>> lists =
        List.of(
            Map.entry(FIRST, Words.FIRST),
            Map.entry(LAST, Words.LAST),
            Map.entry(COMMON, Words.COMMON),
            Map.entry(PLACES, Words.PLACE),
            Map.entry(PLACE_HEADS, Words.PLACE_HEAD),
            Map.entry(STREET_SUFFIXES, Words.STREET_SUFFIX),
            Map.entry(TITLES, Words.TITLE));
    for (Map.Entry<Set<String>, Integer> list : lists) {
      for (String word : list.getKey()) {
        if (word.indexOf(' ') < 0) {
          kinds.merge(word, list.getValue(), (a, b) -> a | b);
        }
      }
    }
    return kinds;
  }

  /**
   * Two lists as one: datafaker's, and the multi-cultural additions written for Tributary ({@code
   * *-world.txt}: West and East African, East, South and South-East Asian, Arabic, Persian and
   * Turkish names that datafaker's locales lack).
   */
  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static Set<String> heads(Set<String> places) {
    Set<String> heads = new HashSet<>();
    for (String p : places) {
      int space = p.indexOf(' ');
      if (space > 0) {
        heads.add(p.substring(0, space));
      }
    }
    return Set.copyOf(heads);
  }

  private static Set<String> common() {
    Set<String> words = load("common-words.txt");
    words.addAll(java.util.Arrays.asList(STOP_WORDS));
    return Set.copyOf(words);
  }

  private static Set<String> load(String name) {
    Set<String> words = new HashSet<>();
    try (InputStream in = NameLists.class.getResourceAsStream("/redact/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "redaction dictionary missing from the classpath: /redact/" + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          words.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return name.equals("common-words.txt") ? words : Set.copyOf(words);
  }
}
