package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Person names in free text, by dictionary and context, offline. A name is a run of up to four
 * capitalised words, one space apart (an initial may end in a dot: {@code Faina D. Yefremova}),
 * that
 *
 * <ul>
 *   <li>starts with a known first name that is not a common word ({@code Leif}, not {@code May}),
 *       or
 *   <li>follows a title or a cue ({@code Dr.}, {@code Mrs}, {@code my name is}, {@code Dear},
 *       {@code Name:}, {@code I'm}, {@code said}) and starts with a word that is not a common one,
 *       or
 *   <li>has two or more words that are not common words, the last a known last name or the middle
 *       one an initial ({@code Esat Jeknić} is missed, {@code Mijail C Adomo} is found).
 * </ul>
 *
 * A run that is itself a known place ({@code San Diego}) is left to {@link LocationDetector}.
 * Lower-case names ({@code patricia desrosiers}) and names in other scripts without a cue are
 * missed. The dictionaries ({@link NameLists}) come from datafaker's name lists.
 */
public final class PersonDetector implements Detector {

  /** Words after a capitalised run that make it an organisation, not a person. */
  private static final WordSet ORGANISATION_WORDS =
      WordSet.of(
          Set.of(
              "inc",
              "ltd",
              "llc",
              "llp",
              "plc",
              "corp",
              "corporation",
              "company",
              "co",
              "group",
              "consulting",
              "holdings",
              "partners",
              "associates",
              "foundation",
              "institute",
              "university",
              "bank",
              "gmbh",
              "ag",
              "sa",
              "bv",
              "oy",
              "ab",
              "orchestra",
              "hospital",
              "school",
              "college",
              "club",
              "park",
              "street",
              "road",
              "avenue",
              "lane",
              "day",
              "technologies",
              "technology",
              "software",
              "global",
              "systems",
              "solutions",
              "services",
              "rights",
              "act",
              "media",
              "labs",
              "network",
              "networks",
              "insurance",
              "international"));

  /** Lower-case text that, right before a capitalised word, says it is a name. */
  private static final Cues CUES =
      Cues.of(
          "name is ",
          "name's ",
          "name: ",
          "name : ",
          "i'm ",
          "i am ",
          "dear ",
          "said ",
          "called ",
          "named ",
          "hi ",
          "hello ",
          "thanks ",
          "thank you ",
          "regards, ",
          "regards,\n",
          "sincerely, ",
          "sincerely,\n",
          "signed ",
          "patient ",
          "from: ",
          "to: ",
          "attn: ",
          "contact: ",
          "user: ",
          "customer: ",
          "call me ",
          "last name? ",
          "first name? ",
          "full name? ",
          "ms. ",
          "mr. ",
          "mrs. ");

  @Override
  public EntityType type() {
    return EntityType.PERSON;
  }

  @Override
  public List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    Words w = Words.of(text);
    // a text in one case ("met selma samoylova there", "MY NAME IS JOHN SMITH") says nothing by
    // its capitals: there a known first name not also a word or a place starts a name
    boolean oneCase = TextScan.oneCase(text);
    for (int i = 0; i < w.size(); i++) {
      if (oneCase) {
        int last = oneCaseName(w, i);
        if (last >= i) {
          findings.add(new Finding(w.start(i), w.end(last), EntityType.PERSON));
          i = last;
          continue;
        }
      }
      if (w.allCaps(i)) {
        continue;
      }
      if (!w.capitalised(i)) {
        // "my name is vitoria", "call me višeslav": a lower-case name after a strong cue
        if (w.length(i) > 2
            && w.previousIs(i, STRONG_CUE_ENDS)
            && Words.cueBefore(text, w.start(i), STRONG_CUES)) {
          if (!w.is(i, Words.COMMON | Words.PLACE)) {
            findings.add(new Finding(w.start(i), w.end(i), EntityType.PERSON));
          }
        }
        continue;
      }
      boolean common = w.is(i, Words.COMMON);
      if (w.is(i, Words.TITLE)) {
        continue;
      }
      int last = chainEnd(w, i);
      boolean accepted;
      boolean firstName = w.is(i, Words.FIRST) || isFirstName(w, i);
      if (firstName && !common) {
        accepted = true;
      } else if (common) {
        // "Will Smith": a first name that is also a word counts when a known last name follows
        accepted = firstName && last > i && w.is(last, Words.LAST) && !w.allCaps(last);
      } else {
        accepted =
            afterTitle(w, i, text)
                || Words.cueBefore(text, w.start(i), CUES)
                || (last > i && (w.is(last, Words.LAST) || hasInnerInitial(w, i, last)))
                // two or three capitalised words, none a common word, the last shaped like a
                // surname: "Satsita Umkhayev"
                || (last > i
                    && w.length(i) > 2
                    && surnameShaped(w.lower(last))
                    && noCommonWord(w, i, last))
                // a known last name inside a sentence: "starring Borkowski", "Nekolná and Pearson"
                || (w.is(i, Words.LAST) && midSentence(text, w.start(i)))
                // addressed at the start of a line: "Warrane, can I please speak to your boss?"
                || (last == i && w.length(i) > 2 && vocative(text, w, i));
      }
      if (accepted && organisation(w, i, last)) {
        accepted = false;
      }
      if (accepted && last == i && w.length(i) < 2) {
        accepted = false;
      }
      // a single word that is a place is no person, nor is a place that is also a first name after
      // a locative word ("travelling to France", "in Sydney"), unless a title or a cue says so
      if (accepted
          && (last > i
              ? w.is(i, Words.PLACE_HEAD) && NameLists.PLACES.contains(w.lower(i, last))
              : w.is(i, Words.PLACE)
                  && (!firstName || w.previousIs(i, LOCATIVES))
                  && !(afterTitle(w, i, text) || Words.cueBefore(text, w.start(i), CUES)))) {
        accepted = false;
      }
      if (accepted) {
        findings.add(new Finding(w.start(i), w.end(last), EntityType.PERSON));
        i = last;
      }
    }
    PersonContext.extend(text, w, findings);
    return findings;
  }

  /** The last word of the capitalised run that starts at {@code i}, at most four words long. */
  private static int chainEnd(Words w, int i) {
    int last = i;
    while (last + 1 < w.size() && last - i < 3) {
      int next = last + 1;
      // "Ludwig van Beethoven", "Maria de la Cruz", "Khalid bin Salman": particles inside a name
      int particles = 0;
      while (next + particles < w.size()
          && particles < 2
          && w.spaceAfter(next + particles - 1)
          && !w.capitalised(next + particles)
          && w.in(next + particles, PARTICLES)) {
        particles++;
      }
      if (particles > 0) {
        int after = next + particles;
        if (after < w.size()
            && w.spaceAfter(after - 1)
            && w.capitalised(after)
            && !w.allCaps(after)
            && (!w.is(after, Words.COMMON | Words.TITLE | Words.PLACE)
                || w.is(after, Words.LAST))) {
          last = after;
          continue;
        }
        break;
      }
      boolean joined = w.spaceAfter(last) || (isInitial(w, last) && w.gapAfter(last).equals(". "));
      if (!joined || !w.capitalised(next) || (w.allCaps(next) && w.length(next) > 1)) {
        break;
      }
      if ((w.is(next, Words.COMMON) && !w.is(next, Words.LAST)) || w.is(next, Words.TITLE)) {
        break;
      }
      last = next;
    }
    // a run does not end in an initial: "Smith I" is a name and a pronoun
    while (last > i && isInitial(w, last)) {
      last--;
    }
    return last;
  }

  /** Words before a place. */
  private static final WordSet LOCATIVES =
      WordSet.of(
          Set.of(
              "in", "to", "from", "at", "near", "of", "via", "visit", "across", "around", "into"));

  /** Lower-case particles inside a name: {@code van}, {@code de la}, {@code bin}, {@code al}. */
  private static final WordSet PARTICLES =
      WordSet.of(
          Set.of(
              "van", "von", "der", "den", "de", "del", "della", "di", "da", "do", "dos", "das",
              "du", "la", "le", "ter", "ten", "bin", "binti", "ibn", "bint", "al", "el", "ben", "y",
              "zu"));

  /**
   * In a text of one case, the last word of a name starting at {@code i}: a known first name that
   * is neither a word nor a place, maybe an initial, then a known last name that is no word; -1 for
   * none. Stricter than for capitalised text: a lower-case abstract is full of words that some list
   * holds as a name ({@code numbers}, {@code constant}).
   */
  private static int oneCaseName(Words w, int i) {
    if (w.length(i) < 3
        || !(w.is(i, Words.FIRST) || isFirstName(w, i))
        || w.is(i, Words.COMMON | Words.PLACE | Words.TITLE)) {
      return -1;
    }
    int next = i + 1;
    if (next + 1 < w.size()
        && w.length(next) == 1
        && (w.spaceAfter(i) && (w.spaceAfter(next) || w.gapAfter(next).equals(". ")))) {
      next++; // "bertram m. jørgensen"
    }
    boolean joined = next == i + 1 ? w.spaceAfter(i) : true;
    return joined
            && next < w.size()
            && w.length(next) > 2
            && w.is(next, Words.LAST)
            && !w.is(next, Words.COMMON | Words.PLACE | Words.FIRST)
        ? next
        : -1;
  }

  /** A word alone at the start of a line, then a comma and a lower-case word. */
  private static boolean vocative(String text, Words w, int i) {
    int at = w.start(i);
    int end = w.end(i);
    return (at == 0 || text.charAt(at - 1) == '\n')
        && !w.is(i, Words.PLACE)
        && end + 2 < text.length()
        && text.charAt(end) == ','
        && text.charAt(end + 1) == ' '
        && Character.isLowerCase(text.charAt(end + 2));
  }

  /** Whether a lower-case word, not the end of a sentence or line, comes before {@code at}. */
  private static boolean midSentence(String text, int at) {
    int k = at - 1;
    while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == ',')) {
      k--;
    }
    return k >= 0 && k < at - 1 && Character.isLowerCase(text.charAt(k));
  }

  /** Whether the run, or the capitalised word right after it, says it names an organisation. */
  private static boolean organisation(Words w, int from, int to) {
    for (int k = from + 1; k <= to + 1 && k < w.size(); k++) {
      if (k == to + 1 && !(w.spaceAfter(to) && w.capitalised(k))) {
        break;
      }
      if (w.in(k, ORGANISATION_WORDS)) {
        return true;
      }
    }
    return false;
  }

  private static boolean noCommonWord(Words w, int from, int to) {
    for (int k = from; k <= to; k++) {
      if (w.is(k, Words.COMMON)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasInnerInitial(Words w, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (isInitial(w, k)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInitial(Words w, int i) {
    return w.length(i) == 1 && w.capitalised(i);
  }

  private static boolean afterTitle(Words w, int i, String text) {
    if (i == 0) {
      return false;
    }
    return (w.gapIs(i - 1, " ") || w.gapIs(i - 1, ". "))
        && w.is(i - 1, Words.TITLE)
        && w.capitalised(i - 1);
  }

  private static final Cues STRONG_CUES =
      Cues.of(
          "my name is ",
          "call me ",
          "name: ",
          "last name? ",
          "mr. ",
          "mrs. ",
          "ms. ",
          "dr. ",
          "dear ");

  /** The last words of the strong cues, tested first. */
  private static final WordSet STRONG_CUE_ENDS =
      WordSet.of(Set.of("is", "me", "name", "mr", "mrs", "ms", "dr", "dear"));

  /**
   * Endings typical of surnames across Europe: Slavic, Nordic, Baltic, Romanian, Armenian,
   * Georgian.
   */
  private static final String[] SURNAME_ENDINGS = {
    "ov", "ova", "ev", "eva", "in", "ina", "ski", "ska", "sky", "cki", "cka", "wicz", "czyk",
    "enko", "uk", "ić", "ic", "vić", "sen", "son", "sson", "dóttir", "dottir", "stad", "berg",
    "ström", "lund", "nen", "escu", "yan", "ian", "idze", "shvili", "ovich", "evich", "ová", "ý",
    "ák", "ek", "er", "ez", "es",
  };

  private static boolean surnameShaped(String word) {
    for (String ending : SURNAME_ENDINGS) {
      if (word.length() > ending.length() + 2 && word.endsWith(ending)) {
        return true;
      }
    }
    return false;
  }

  /** A hyphenated first name whose first part is known: {@code Jean-Luc}. */
  private static boolean isFirstName(Words w, int i) {
    if (!w.hasHyphen(i)) {
      return false;
    }
    String word = w.lower(i);
    int hyphen = word.indexOf('-');
    return hyphen > 0 && NameLists.FIRST.contains(word.substring(0, hyphen));
  }
}
