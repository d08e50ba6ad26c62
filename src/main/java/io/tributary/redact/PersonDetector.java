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
  private static final Set<String> ORGANISATION_WORDS =
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
          "international");

  /** Lower-case text that, right before a capitalised word, says it is a name. */
  private static final String[] CUES = {
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
    "mrs. ",
  };

  @Override
  public EntityType type() {
    return EntityType.PERSON;
  }

  @Override
  public List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    Words w = Words.of(text);
    for (int i = 0; i < w.size(); i++) {
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
      String first = w.lower(i);
      boolean common = w.is(i, Words.COMMON);
      if (w.is(i, Words.TITLE)) {
        continue;
      }
      int last = chainEnd(w, i);
      boolean accepted;
      boolean firstName = w.is(i, Words.FIRST) || isFirstName(first);
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
      if (accepted
          && (last > i
              ? w.is(i, Words.PLACE_HEAD) && NameLists.PLACES.contains(w.lower(i, last))
              : !firstName && w.is(i, Words.PLACE))) {
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
      if (ORGANISATION_WORDS.contains(w.lower(k))) {
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
    String gap = w.gapAfter(i - 1);
    return (gap.equals(" ") || gap.equals(". "))
        && w.is(i - 1, Words.TITLE)
        && w.capitalised(i - 1);
  }

  private static final String[] STRONG_CUES = {
    "my name is ", "call me ", "name: ", "last name? ", "mr. ", "mrs. ", "ms. ", "dr. ", "dear ",
  };

  /** The last words of the strong cues, tested first. */
  private static final Set<String> STRONG_CUE_ENDS =
      Set.of("is", "me", "name", "mr", "mrs", "ms", "dr", "dear");

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
  private static boolean isFirstName(String word) {
    int hyphen = word.indexOf('-');
    return hyphen > 0 && NameLists.FIRST.contains(word.substring(0, hyphen));
  }
}
