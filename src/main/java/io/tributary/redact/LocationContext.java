package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Places that no list knows, found by what surrounds them; {@link LocationDetector} adds these to
 * its own findings (none overlapping another):
 *
 * <ul>
 *   <li>after {@code in}, {@code to}, {@code from}, {@code at}, {@code near}, {@code around},
 *       {@code towards}, {@code visiting}...: one to three capitalised words that are not common
 *       words, titles or known first names, ending a clause (a comma, a full stop, {@code by},
 *       {@code which}...), or one word in capitals ({@code in SCHLAGLES,}, {@code returned to
 *       Altoona by helicopter});
 *   <li>a place type as the last of one to three capitalised words, common words or not ({@code
 *       returned to Mill Village by}, {@code from Pemberton Falls.}); words in mixed case ({@code
 *       HUVECs}, {@code GenBank}) are not places there;
 *   <li>{@code Lake}, {@code Mount}, {@code Fort}, {@code Cape}... before a capitalised name;
 *   <li>{@code the corner of X and Y}: both streets, a house number after X too;
 *   <li>ships' addresses: {@code USNS Sekerková}, {@code USS Mahler}, {@code USNV Vincent}.
 * </ul>
 *
 * Stateless and thread-safe; linear in the text.
 */
final class LocationContext {

  private LocationContext() {}

  private static final WordSet PREPOSITIONS =
      WordSet.of(
          Set.of(
              "in",
              "to",
              "from",
              "at",
              "near",
              "outside",
              "around",
              "across",
              "throughout",
              "towards",
              "toward",
              "visit",
              "visited",
              "visiting"));

  /** Words after a place that end its clause. */
  private static final WordSet CLAUSE_WORDS =
      WordSet.of(
          Set.of(
              "by",
              "which",
              "where",
              "and",
              "for",
              "with",
              "on",
              "last",
              "next",
              "this",
              "in",
              "to",
              "from",
              "during",
              "until",
              "since",
              "after",
              "before",
              "when",
              "because",
              "but",
              "or",
              "is",
              "was",
              "are",
              "were",
              "as",
              "yesterday",
              "tomorrow",
              "today",
              "tonight",
              "soon",
              "now",
              "every",
              "each"));

  /** Capitalised words after a preposition that name a part of a document, not a place. */
  private static final WordSet NOT_PLACES =
      WordSet.of(
          Set.of(
              "fig",
              "figs",
              "figure",
              "figures",
              "table",
              "tables",
              "section",
              "sections",
              "appendix",
              "supplementary",
              "chapter",
              "page",
              "eq",
              "equation",
              "ref",
              "refs",
              "step",
              "phase",
              "stage",
              "part",
              "line",
              "most",
              "general",
              "addition",
              "contrast",
              "particular",
              "total",
              "summary",
              "conclusion",
              "practice",
              "fact",
              "short",
              "detail",
              "brief"));

  /**
   * Last words that make a place of the words before them, common or not: {@code Mill Village},
   * {@code Pemberton Falls}, {@code Coral Springs}.
   */
  private static final WordSet PLACE_TYPES =
      WordSet.of(
          Set.of(
              "village",
              "town",
              "city",
              "falls",
              "heights",
              "springs",
              "hills",
              "valley",
              "beach",
              "bay",
              "harbour",
              "harbor",
              "creek",
              "island",
              "islands",
              "county",
              "province",
              "township",
              "borough",
              "parish",
              "district",
              "junction",
              "crossing",
              "landing",
              "ferry",
              "point",
              "ridge",
              "grove",
              "park",
              "port",
              "haven",
              "mills",
              "wells",
              "bridge",
              "cove",
              "forest",
              "meadows",
              "shores",
              "lakes"));

  /**
   * First words that make a place of one capitalised word after them: {@code Lake Tahoe}, {@code
   * Mount Shasta}, {@code Fort Collins}, {@code Cape Breton}.
   */
  private static final WordSet PLACE_FIRSTS =
      WordSet.of(Set.of("lake", "mount", "mt", "fort", "ft", "cape", "isle", "loch", "glen"));

  private static final WordSet SHIPS = WordSet.of(Set.of("usns", "usnv", "uss", "uscgc"));

  static void extend(String text, Words w, List<Finding> findings) {
    List<Finding> added = new ArrayList<>();
    int f = 0;
    for (int i = 0; i < w.size(); i++) {
      while (f < findings.size() && findings.get(f).end() <= w.start(i)) {
        f++;
      }
      if (f < findings.size() && findings.get(f).start() <= w.end(i)) {
        continue;
      }
      int last = -1;
      int start = w.start(i);
      if (i > 0
          && w.capitalised(i)
          && w.spaceAfter(i - 1)
          && w.in(i - 1, STREET_PREPOSITIONS)
          && (last = namedStreet(text, w, i)) >= i) {
        // "shows on Miletić Dale Street", "lives off Berg Hills Rd."
      } else if (w.capitalised(i)
          && !w.allCaps(i)
          && w.in(i, PLACE_FIRSTS)
          && i + 1 < w.size()
          && w.spaceAfter(i)
          && w.capitalised(i + 1)
          && !w.allCaps(i + 1)
          && w.length(i + 1) > 2
          && !w.is(i + 1, Words.COMMON | Words.TITLE)) {
        // "Lake Tahoe", "Mount Shasta", "Fort Collins"
        last = i + 1;
      } else if (i > 0 && w.capitalised(i) && w.spaceAfter(i - 1) && w.in(i - 1, PREPOSITIONS)) {
        last = cued(text, w, i);
      } else if (w.allCaps(i)
          && w.in(i, SHIPS)
          && i + 1 < w.size()
          && w.spaceAfter(i)
          && w.capitalised(i + 1)) {
        last = i + 1;
      } else if (w.length(i) == 6
          && w.endsWith(i, "corner")
          && i + 2 < w.size()
          && w.length(i + 1) == 2
          && w.endsWith(i + 1, "of")
          && w.spaceAfter(i)
          && w.spaceAfter(i + 1)) {
        last = corner(w, i + 2);
        start = last >= 0 ? w.start(i + 2) : start;
      }
      if (last >= i && (f >= findings.size() || findings.get(f).start() >= w.end(last))) {
        added.add(new Finding(start, w.end(last), EntityType.LOCATION));
        i = last;
      }
    }
    if (!added.isEmpty()) {
      findings.addAll(added);
      findings.sort((a, b) -> Integer.compare(a.start(), b.start()));
    }
  }

  /** Prepositions before a street named without a house number. */
  private static final WordSet STREET_PREPOSITIONS =
      WordSet.of(
          Set.of(
              "in", "to", "from", "at", "near", "on", "along", "off", "onto", "into", "down", "up",
              "via", "across", "past"));

  /** Street types that name a street without a number after a preposition. */
  private static final WordSet STREET_TYPES =
      WordSet.of(
          Set.of(
              "street",
              "st",
              "road",
              "rd",
              "avenue",
              "ave",
              "boulevard",
              "blvd",
              "lane",
              "ln",
              "drive",
              "highway",
              "hwy",
              "parkway",
              "pkwy",
              "terrace",
              "crescent",
              "alley",
              "strasse",
              "straße",
              "gasse",
              "allee"));

  /**
   * The last word of a street named by up to three capitalised words and a street type ({@code
   * Miletić Dale Street}), starting at word {@code i}, or -1.
   */
  private static int namedStreet(String text, Words w, int i) {
    for (int k = i + 1; k < Math.min(i + 4, w.size()); k++) {
      if (!w.spaceAfter(k - 1) || !w.capitalised(k)) {
        return -1;
      }
      if (w.in(k, STREET_TYPES)) {
        return k;
      }
    }
    return -1;
  }

  /** The last word of a place after a preposition at word {@code i}, or -1. */
  private static int cued(String text, Words w, int i) {
    if (w.in(i, NOT_PLACES)) {
      return -1;
    }
    if (w.allCaps(i)) {
      return w.length(i) >= 4 && !w.is(i, Words.COMMON) && clauseEnds(text, w, i) ? i : -1;
    }
    int last = i;
    while (last + 1 < w.size()
        && last - i < 2
        && w.spaceAfter(last)
        && w.capitalised(last + 1)
        && (!w.is(last + 1, Words.COMMON | Words.TITLE) || w.in(last + 1, PLACE_TYPES))) {
      last++;
    }
    // "Mill Village", "Pemberton Falls": a place type says the words before it are a place
    boolean typed = last > i && w.in(last, PLACE_TYPES) && !w.allCaps(last);
    for (int k = i; k <= last; k++) {
      if (mixedCase(text, w.start(k), w.end(k)) && !w.is(k, Words.PLACE)) {
        return -1; // "HUVECs", "GenBank", "PBMo": names of things, not of places
      }
      if (typed && (k == last || w.length(k) > 2 && !w.is(k, Words.TITLE))) {
        continue;
      }
      if (w.length(k) < 3 || w.is(k, Words.COMMON | Words.TITLE | Words.FIRST | Words.LAST)) {
        if (!w.is(k, Words.PLACE)) {
          return -1;
        }
      }
    }
    return clauseEnds(text, w, last) ? last : -1;
  }

  /** Capitals after the first letter, and lower case too: {@code HiSeq}, not {@code McAllen}. */
  private static boolean mixedCase(String text, int start, int end) {
    boolean lower = false;
    int upper = 0;
    for (int k = start; k < end; k++) {
      char c = text.charAt(k);
      lower |= Character.isLowerCase(c);
      // "Haute-Savoie", "Val-d'Or": a capital after a hyphen starts a word of its own
      upper +=
          k > start && Character.isUpperCase(c) && "-'’".indexOf(text.charAt(k - 1)) < 0 ? 1 : 0;
    }
    boolean mc = end - start > 3 && (text.startsWith("Mc", start) || text.startsWith("Mac", start));
    return lower && upper > (mc ? 1 : 0);
  }

  private static boolean clauseEnds(String text, Words w, int last) {
    int end = w.end(last);
    if (end == text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (".,;!?)".indexOf(c) >= 0 || c == '\n') {
      return true;
    }
    return c == ' ' && last + 1 < w.size() && w.spaceAfter(last) && w.in(last + 1, CLAUSE_WORDS);
  }

  /** {@code X and Y} after {@code corner of}: the last word of Y, or -1. */
  private static int corner(Words w, int i) {
    for (int k = i; k < Math.min(i + 6, w.size() - 1); k++) {
      if (k > i && !w.spaceAfter(k - 1) && !HOUSE_NUMBER_GAP.matcher(w.gapAfter(k - 1)).matches()) {
        return -1;
      }
      if (w.lower(k).equals("and") && w.spaceAfter(k)) {
        int last = k + 1;
        while (last + 1 < w.size()
            && last - k < 4
            && w.spaceAfter(last)
            && w.capitalised(last + 1)) {
          last++;
        }
        return last;
      }
    }
    return -1;
  }

  /** A house number between a street's name and what follows: {@code Dalbraut 99 and}. */
  private static final java.util.regex.Pattern HOUSE_NUMBER_GAP =
      java.util.regex.Pattern.compile(" \\d{1,5}[A-Za-z]? ");
}
