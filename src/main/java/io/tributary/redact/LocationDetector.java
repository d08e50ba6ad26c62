package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Places in free text, offline: known cities, countries, states and regions (one to four words,
 * capitalised or in capitals, from datafaker's address lists in {@link NameLists}), and street
 * addresses:
 *
 * <ul>
 *   <li>a house number, up to three capitalised words and a street suffix ({@code 224 Bond Street},
 *       {@code 60 Balsham Road}, {@code 92 Hounslow Rd});
 *   <li>a street whose name ends in a compound suffix, then a number ({@code Søndergade 52}, {@code
 *       Hauptstraße 5}, {@code ul. Cicha 86});
 *   <li>a one-word street after its number ({@code 7 Kirkevej}), a name, its number and the type
 *       ({@code Brekkestø 50 street});
 *   <li>US military mail ({@code PSC 7951, Box 9972}, {@code Unit 4021 Box 7310}, in any case) and
 *       its last line alone ({@code APO AE 09012}).
 * </ul>
 *
 * An address goes on over what follows it on the same or the next lines when that is short and made
 * of capitalised words, capitals and numbers: the unit ({@code Suite 413}), the city, the state,
 * the postal code and the country. A single word that is also a common English word ({@code Nice},
 * {@code Reading}) or a short run of capitals ({@code NO}, {@code CO}) is not taken for a place on
 * its own.
 */
public final class LocationDetector implements Detector {

  /**
   * Endings of one-word street names, lower case: Danish, Norwegian, Swedish, Finnish, German,
   * Dutch...
   */
  private static final String[] COMPOUND_SUFFIXES = {
    "gade", "vej", "veien", "vegen", "gata", "gatan", "vägen", "väg", "katu", "tie", "straße",
        "strasse",
    "gasse", "weg", "allee", "platz", "laan", "straat", "plein", "gracht", "utca", "ulica",
        "stræde", "torv",
  };

  /** The last chars of {@link #COMPOUND_SUFFIXES} (all ASCII): a word ending otherwise has none. */
  private static final boolean[] COMPOUND_SUFFIX_ENDS = new boolean[128];

  static {
    for (String suffix : COMPOUND_SUFFIXES) {
      COMPOUND_SUFFIX_ENDS[suffix.charAt(suffix.length() - 1)] = true;
    }
  }

  /** Street types written after a name and its number: {@code Grössgstötten 50 street}. */
  private static final Set<String> AFTER_NUMBER_TYPES =
      Set.of("street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "way");

  /** The US military's mail codes and their "states": {@code APO AE 09012}. */
  private static final WordSet MILITARY_POST = WordSet.of(Set.of("apo", "fpo", "dpo"));

  private static final WordSet MILITARY_REGIONS = WordSet.of(Set.of("aa", "ae", "ap"));

  /** The end of {@code APO AE 09012} (any case) starting at word {@code i}, or -1. */
  private static int militaryLine(String text, Words w, int i) {
    if (w.length(i) != 3
        || i + 1 >= w.size()
        || !w.in(i, MILITARY_POST)
        || !w.spaceAfter(i)
        || !w.in(i + 1, MILITARY_REGIONS)) {
      return -1;
    }
    int number = numberAfter(text, w.end(i + 1));
    return number - w.end(i + 1) == 6 ? number : -1;
  }

  /** Whether word {@code i} is a one-word street: {@code Kirkevej}, {@code Hauptstraße}. */
  private static boolean compoundStreet(Words w, int i) {
    char last = w.lastLower(i);
    if (last >= 128 || !COMPOUND_SUFFIX_ENDS[last]) {
      return false;
    }
    for (String suffix : COMPOUND_SUFFIXES) {
      if (w.length(i) > suffix.length() + 2 && w.endsWith(i, suffix)) {
        return true;
      }
    }
    return false;
  }

  /** Words that start a street name by themselves: {@code ul. Cicha 86}, {@code Via Roma 1}. */
  private static final WordSet STREET_PREFIXES =
      WordSet.of(
          Set.of(
              "ul",
              "al",
              "via",
              "viale",
              "rue",
              "calle",
              "avenida",
              "av",
              "rua",
              "piazza",
              "plaza",
              "carrer",
              "avenue",
              "boulevard",
              "bd",
              "blvd",
              "chemin",
              "allée",
              "place",
              "quai",
              "impasse",
              "paseo",
              "carretera",
              "praça",
              "travessa",
              "largo",
              "corso",
              "vicolo",
              "piazzale",
              "trg",
              "ulica",
              "aleja",
              "rúa",
              "strada",
              "bulevardul",
              "calea",
              "sokak",
              "caddesi",
              "utca",
              "ulitsa",
              "prospekt",
              "odos",
              "leoforos",
              "straße",
              "strasse",
              "rambla",
              "ronda",
              "camino",
              "estrada",
              "avinguda",
              "lungomare",
              "rynek",
              "náměstí",
              "námestie"));

  /** Short words inside a street name after its type: {@code rue de la Hulotais}. */
  private static final WordSet STREET_PARTICLES =
      WordSet.of(
          Set.of(
              "de", "du", "des", "la", "le", "les", "del", "dei", "della", "degli", "di", "da",
              "do", "dos", "das", "van", "der", "den", "von", "am", "an", "el", "al", "d", "l", "y",
              "e"));

  /** Lower-case text that, right before a capitalised word, says it is a place. */
  private static final Cues CUES =
      Cues.of(
          "grew up in ",
          "lives in ",
          "live in ",
          "lived in ",
          "living in ",
          "moved to ",
          "moving to ",
          "born in ",
          "based in ",
          "located in ",
          "headquartered in ",
          "coming to ",
          "trip to ",
          "travelling to ",
          "traveling to ",
          "flew to ",
          "arrived in ",
          "arrived at ",
          "i'm in ",
          "i am in ",
          "year in ",
          "city of ",
          "town of ",
          "village of ",
          "moved here from ",
          "originally from ");

  /** The last words of the cues, tested first. */
  private static final WordSet CUE_ENDS = WordSet.of(Set.of("in", "to", "at", "of", "from"));

  private static final Set<String> UNITS =
      Set.of(
          "suite",
          "ste",
          "apt",
          "apartment",
          "unit",
          "floor",
          "fl",
          "room",
          "rm",
          "flat",
          "box",
          "bldg");

  @Override
  public EntityType type() {
    return EntityType.LOCATION;
  }

  @Override
  public List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    Words w = Words.of(text);
    // a text in one case ("we moved here from tunisia", "I LIVE IN BOSTON") says nothing by its
    // capitals: known places count in any case there
    boolean oneCase = TextScan.oneCase(text);
    int at = 0; // findings must not overlap each other
    for (int i = 0; i < w.size(); i++) {
      if (w.start(i) < at) {
        continue;
      }
      int[] street = street(text, w, i, oneCase);
      if (street != null) {
        int end = extend(text, street[1]);
        findings.add(new Finding(street[0], end, EntityType.LOCATION));
        at = end;
        continue;
      }
      if (!w.capitalised(i) && !oneCase) {
        continue;
      }
      int last = place(w, i, oneCase);
      if (last < 0 && w.previousIs(i, CUE_ENDS) && Words.cueBefore(text, w.start(i), CUES)) {
        last = i;
        while (last + 1 < w.size()
            && last - i < 2
            && w.spaceAfter(last)
            && w.capitalised(last + 1)
            && !w.is(last + 1, Words.COMMON)) {
          last++;
        }
        if (w.is(i, Words.COMMON)) {
          last = -1;
        }
      }
      if (last >= 0) {
        findings.add(new Finding(w.start(i), w.end(last), EntityType.LOCATION));
        at = w.end(last);
        i = last;
      }
    }
    LocationContext.extend(text, w, findings);
    return findings;
  }

  /** The last word of the longest known place starting at word {@code i}, or -1. */
  private static int place(Words w, int i, boolean anyCase) {
    int max = i;
    while (w.is(i, Words.PLACE_HEAD) && max + 1 < w.size() && max - i < 3 && w.spaceAfter(max)) {
      max++;
    }
    for (int last = max; last > i; last--) {
      if ((anyCase || w.capitalised(last)) && NameLists.PLACES.contains(w.lower(i, last))) {
        return last;
      }
    }
    if (anyCase && !w.capitalised(i)) {
      // lower case, one word: only the countries and large cities ("tunisia", "kiel"), not
      // every hamlet of the address lists ("most", "central")
      return w.length(i) > 3 && NameLists.WORLD_PLACES.contains(w.lower(i)) ? i : -1;
    }
    if (w.length(i) < 3 || (w.allCaps(i) && w.length(i) < 4) || w.is(i, Words.COMMON)) {
      return -1;
    }
    return w.is(i, Words.PLACE) ? i : -1;
  }

  /**
   * {@code [start, end)} of a street address whose number or name starts at word {@code i}, or
   * null.
   */
  private static int[] street(String text, Words w, int i, boolean oneCase) {
    int s = w.start(i);
    // "DPO AP 70942", "apo ae 12345": US military mail's last line, in any case
    int military = militaryLine(text, w, i);
    if (military > 0) {
      return new int[] {s, military};
    }
    // "224 4966 Bond Street", "60 Balsham Road": the number(s) just before word i
    int numbersStart = numbersBefore(text, s);
    if (numbersStart >= 0 && w.capitalised(i)) {
      for (int last = i; last < Math.min(i + 4, w.size()); last++) {
        if (last > i && !w.spaceAfter(last - 1)) {
          break;
        }
        if (last == i && compoundStreet(w, i)) {
          // "7 Kirkevej, Hørsholm": a one-word street after its number
          int number = numberAfter(text, w.end(i));
          return new int[] {numbersStart, number > 0 ? number : w.end(i)};
        }
        if (last > i && w.is(last, Words.STREET_SUFFIX)) {
          // "9 Old Mill Lane", "22 Harbour View Rd": the type may follow another suffix word
          while (last + 1 < w.size()
              && w.spaceAfter(last)
              && w.capitalised(last + 1)
              && w.is(last + 1, Words.STREET_SUFFIX)) {
            last++;
          }
          int end = w.end(last);
          if (end < text.length() && text.charAt(end) == '.') {
            end++;
          }
          // the house number may follow the type too: "6614 Luite tee 87"
          int number = numberAfter(text, end);
          return new int[] {numbersStart, number > 0 ? number : end};
        }
        if (!w.capitalised(last)) {
          break;
        }
      }
    }
    // "5366 Pivovarská 276", "2224 Trenerys gate 232": numbers, up to four words, a number
    if (numbersStart >= 0
        && w.capitalised(i)
        && TextScan.digit(text.charAt(numbersStart))
        && s - numbersStart >= 3) {
      for (int last = i; last < Math.min(i + 4, w.size()); last++) {
        if (last > i && !w.spaceAfter(last - 1)) {
          break;
        }
        if (w.is(last, Words.COMMON) && !w.is(last, Words.STREET_SUFFIX)) {
          break;
        }
        int number = numberAfter(text, w.end(last));
        if (number > 0) {
          return new int[] {numbersStart, number};
        }
      }
    }
    // "P.O. Box 242", "Postfach 10 12 34", "Apartado 45"
    int postBox = postBox(text, s);
    if (postBox > 0) {
      return new int[] {numbersStart >= 0 ? numbersStart : s, postBox};
    }
    // a name, then a street type of its own and the house number: "Király u. 15", "Berliner
    // Straße 5", "Luite tee 87"
    if (w.capitalised(i) && !w.is(i, Words.TITLE | Words.STREET_SUFFIX)) {
      for (int k = i + 1; k < Math.min(i + 4, w.size()); k++) {
        if (!w.spaceAfter(k - 1)) {
          break;
        }
        // the house number first: a look at two characters, before a word is looked up
        int end = w.end(k);
        if (end < text.length() && text.charAt(end) == '.') {
          end++;
        }
        int number = numberAfter(text, end);
        if (number > 0) {
          if (w.is(k, Words.STREET_SUFFIX)) {
            return new int[] {numbersStart >= 0 ? numbersStart : s, number};
          }
          break;
        }
        if (!w.capitalised(k)) {
          break;
        }
      }
    }
    // "Søndergade 52", "ul. Cicha 86", "PSC 7951, Box 9972"
    int afterWord = w.end(i);
    boolean numberFollows =
        numberAfter(text, afterWord) > 0
            || afterWord + 2 < text.length()
                && (text.charAt(afterWord) == '.' || text.charAt(afterWord) == ' ');
    if (w.in(i, STREET_PREFIXES) && w.length(i) > 1) {
      // "ul. Cicha 86", "rue du centre 320", "56 rue La Boétie", "Via dei Fiorentini 17"
      int[] prefixed = prefixedStreet(text, w, i, numbersStart);
      if (prefixed != null) {
        return prefixed;
      }
    }
    if (numberFollows
        && (w.capitalised(i)
            || oneCase
            || text.charAt(w.start(i)) == 'u'
            || text.charAt(w.start(i)) == 'a')) {
      int nameEnd = w.end(i);
      if (w.in(i, STREET_PREFIXES)) {
        return null;
      }
      if (w.length(i) == 3 && w.endsWith(i, "psc")
          || w.length(i) == 4
              && w.endsWith(i, "unit")
              && (text.startsWith("Unit", s) || oneCase || text.startsWith("UNIT", s))) {
        // "PSC 7951, Box 9972", "Unit 4719 Box 7394", "psc 5420, box 2708"
        int number = numberAfter(text, nameEnd);
        if (number - nameEnd < 4) {
          return null; // their numbers have three digits or more: not "unit 4 box 5"
        }
        if (TextScan.lowerCaseStartsWith(text, number, ", box ")) {
          int box = numberAfter(text, number + 5);
          return box > 0 ? new int[] {s, box} : null;
        }
        if (number > 0 && TextScan.lowerCaseStartsWith(text, number, " box ")) {
          int box = numberAfter(text, number + 4);
          return box > 0 ? new int[] {s, box} : null;
        }
        return null;
      }
      if ((w.capitalised(i) || oneCase) && !w.is(i, Words.COMMON) && w.length(i) > 3) {
        // "Grössgstötten 50 street", "midtvollen 130 st.": a name, its number, then the type
        int number = numberAfter(text, nameEnd);
        if (number > 0 && number + 1 < text.length() && text.charAt(number) == ' ') {
          int t = number + 1;
          int e = t;
          while (e < text.length() && Character.isLetter(text.charAt(e))) {
            e++;
          }
          if (AFTER_NUMBER_TYPES.contains(TextScan.lowerCaseAligned(text, t, e))) {
            return new int[] {s, number};
          }
        }
      }
      char last = w.lastLower(i);
      if (last < 128 && COMPOUND_SUFFIX_ENDS[last]) {
        for (String suffix : COMPOUND_SUFFIXES) {
          if (w.length(i) > suffix.length() + 2 && w.endsWith(i, suffix)) {
            int number = numberAfter(text, nameEnd);
            return number > 0 ? new int[] {s, number} : null;
          }
        }
      }
    }
    return null;
  }

  /**
   * A street named after a street-type word: up to four words (capitalised, or particles such as
   * {@code de la}, or lower case when the type is), then a house number; or, with a house number
   * before the type, up to the last capitalised word.
   */
  private static int[] prefixedStreet(String text, Words w, int i, int numbersStart) {
    int nameEnd = w.end(i);
    int after = nameEnd < text.length() && text.charAt(nameEnd) == '.' ? nameEnd + 1 : nameEnd;
    boolean lowerType = !w.capitalised(i);
    int lastName = -1;
    for (int k = i + 1; k < Math.min(i + 5, w.size()); k++) {
      boolean joined = k == i + 1 ? w.start(k) == after + 1 : w.spaceAfter(k - 1);
      if (!joined) {
        break;
      }
      boolean particle = w.in(k, STREET_PARTICLES);
      boolean nameWord =
          w.capitalised(k) || (lowerType && !w.is(k, Words.COMMON) && w.length(k) > 2);
      if (!particle && !nameWord) {
        break;
      }
      if (nameWord && !particle) {
        lastName = k;
      }
      int number = numberAfter(text, w.end(k));
      if (number > 0 && lastName >= 0) {
        return new int[] {numbersStart >= 0 ? numbersStart : w.start(i), number};
      }
    }
    if (numbersStart >= 0 && lastName > i) {
      return new int[] {numbersStart, w.end(lastName)};
    }
    return null;
  }

  /** Post-office boxes, lower case, each ending in the space before the box number. */
  private static final String[] POST_BOXES = {
    "p.o. box ",
    "po box ",
    "p. o. box ",
    "p.o.box ",
    "postfach ",
    "apartado ",
    "caixa postal ",
    "postbus ",
    "boîte postale ",
    "casella postale ",
    "skrytka pocztowa ",
    "postboks ",
  };

  /** The end of a post-office box with its number starting at {@code s}, or -1. */
  private static int postBox(String text, int s) {
    char c = text.charAt(s);
    if ("pPaAcCbBsS".indexOf(c) < 0) {
      return -1;
    }
    char second = s + 1 < text.length() ? TextScan.lowerCase(text.charAt(s + 1)) : 0;
    for (String box : POST_BOXES) {
      // the second char first: most words starting with p or a start no box
      if (box.charAt(1) != second || !TextScan.lowerCaseStartsWith(text, s, box)) {
        continue;
      }
      if (s > 0 && Character.isLetterOrDigit(text.charAt(s - 1))) {
        return -1;
      }
      int end = TextScan.digitsEnd(text, s + box.length());
      // "Postfach 10 12 34": groups of digits
      while (end > s + box.length()
          && end + 1 < text.length()
          && text.charAt(end) == ' '
          && TextScan.digit(text.charAt(end + 1))
          && TextScan.digitsEnd(text, end + 1) - end <= 3) {
        end = TextScan.digitsEnd(text, end + 1);
      }
      return end > s + box.length() ? end : -1;
    }
    return -1;
  }

  /** The start of one or two house numbers ("224 4966 ") ending just before {@code at}, or -1. */
  private static int numbersBefore(String text, int at) {
    int k = at - 1;
    if (k < 1 || text.charAt(k) != ' ' || !TextScan.digit(text.charAt(k - 1))) {
      return -1;
    }
    int start = -1;
    for (int group = 0; group < 2; group++) {
      int end = k;
      while (k > 0 && TextScan.digit(text.charAt(k - 1))) {
        k--;
      }
      if (end - k < 1 || end - k > 6) {
        return start;
      }
      if (k > 0
          && (Character.isLetterOrDigit(text.charAt(k - 1))
              || ".,:/-".indexOf(text.charAt(k - 1)) >= 0
                  && k > 1
                  && TextScan.digit(text.charAt(k - 2)))) {
        return start;
      }
      start = k;
      if (k < 2 || text.charAt(k - 1) != ' ' || !TextScan.digit(text.charAt(k - 2))) {
        return start;
      }
      k--;
    }
    return start;
  }

  /** The end of " 52" (a number, optionally with a letter) right after {@code at}, or -1. */
  private static int numberAfter(String text, int at) {
    if (at + 1 >= text.length() || text.charAt(at) != ' ' || !TextScan.digit(text.charAt(at + 1))) {
      return -1;
    }
    int end = TextScan.digitsEnd(text, at + 1);
    if (end - at - 1 > 6) {
      return -1;
    }
    if (end < text.length()
        && Character.isLetter(text.charAt(end))
        && (end + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(end + 1)))) {
      end++;
    }
    return end;
  }

  /**
   * The end of the address: over up to five following segments (after a comma, a space or a line
   * break) that are a unit with its number, or at most four capitalised words, capitals and numbers
   * (city, state, postal code, country).
   */
  private static int extend(String text, int end) {
    int n = text.length();
    for (int segment = 0; segment < 5; segment++) {
      int k = end;
      boolean newline = false;
      int spaces = 0;
      while (k < n && SEPARATORS.indexOf(text.charAt(k)) >= 0) {
        newline |= text.charAt(k) != ' ' && text.charAt(k) != ',';
        spaces += text.charAt(k) == ' ' ? 1 : 0;
        k++;
      }
      newline |= spaces >= 2; // "Suite 787  Kangerlussuaq   Greenlander 54005"
      if (k == end || k >= n || k - end > 6) {
        return end;
      }
      int segEnd = segmentEnd(text, k, newline || text.charAt(end) == ',');
      if (segEnd <= k) {
        return end;
      }
      end = segEnd;
    }
    return end;
  }

  /** What may stand between the segments of an address: commas, spaces, breaks and bullets. */
  private static final String SEPARATORS = " ,\n\t?•·|";

  /** The end of one address segment starting at {@code k}, or {@code k} if none starts there. */
  private static int segmentEnd(String text, int k, boolean separated) {
    int n = text.length();
    int j = k;
    while (j < n && Character.isLetter(text.charAt(j))) {
      j++;
    }
    String first = TextScan.lowerCaseAligned(text, k, j);
    if (UNITS.contains(first)) {
      if (j < n && text.charAt(j) == '.') {
        j++;
      }
      int number = j < n && text.charAt(j) == ' ' ? j + 1 : j;
      while (number < n && text.charAt(number) == '#') {
        number++;
      }
      int e = number;
      while (e < n && Character.isLetterOrDigit(text.charAt(e))) {
        e++;
      }
      return e > number && TextScan.digit(text.charAt(number)) ? e : k;
    }
    if (!separated) {
      // on the same line without a comma, only a postal code goes on
      int e = TextScan.digitsEnd(text, k);
      if (e - k < 4 || e - k > 6 || e < n && Character.isLetterOrDigit(text.charAt(e))) {
        return k;
      }
      // "Chemin des Vignes 4 1260 Nyon": the town after its postal code
      if (e + 2 < n && text.charAt(e) == ' ' && Character.isUpperCase(text.charAt(e + 1))) {
        int t = e + 1;
        while (t < n && Character.isLetter(text.charAt(t))) {
          t++;
        }
        String town = TextScan.lowerCaseAligned(text, e + 1, t);
        if (t - e > 3 && (!NameLists.COMMON.contains(town) || NameLists.PLACES.contains(town))) {
          return t;
        }
      }
      return e;
    }
    // a known place, up to the end of the line or a comma, maybe with a postal code: "United States
    // 21959"
    int lineEnd = k;
    while (lineEnd < n
        && text.charAt(lineEnd) != '\n'
        && text.charAt(lineEnd) != ','
        && lineEnd - k < 40) {
      lineEnd++;
    }
    int placeEnd = lineEnd;
    while (placeEnd > k
        && (TextScan.digit(text.charAt(placeEnd - 1)) || text.charAt(placeEnd - 1) == ' ')) {
      placeEnd--;
    }
    if (placeEnd > k && NameLists.PLACES.contains(TextScan.lowerCaseAligned(text, k, placeEnd))) {
      int e = lineEnd;
      while (e > k && text.charAt(e - 1) == ' ') {
        e--;
      }
      return e;
    }
    // capitalised words, capitals and numbers, up to four tokens, up to the end of the segment
    int tokens = 0;
    int numbers = 0;
    int e = k;
    while (e < n && tokens < 4) {
      char c = text.charAt(e);
      if (!(Character.isUpperCase(c) || TextScan.digit(c))) {
        break;
      }
      int t = e;
      while (t < n
          && (Character.isLetterOrDigit(text.charAt(t)) || "'’.-()".indexOf(text.charAt(t)) >= 0)) {
        t++;
      }
      if (NameLists.COMMON.contains(TextScan.lowerCaseAligned(text, e, t).replaceAll("[.'’()]", ""))
          && !NameLists.PLACES.contains(TextScan.lowerCaseAligned(text, e, t))) {
        break;
      }
      if (TextScan.digitsEnd(text, e) == t && ++numbers > 1) {
        return k; // two numbers on a line are a phone number ("416 60 039"), not a postal code
      }
      e = t;
      tokens++;
      if (e < n && text.charAt(e) == ' ' && e + 1 < n && text.charAt(e + 1) != ' ') {
        e++;
      } else {
        break;
      }
    }
    while (e > k && text.charAt(e - 1) == ' ') {
      e--;
    }
    return e;
  }
}
