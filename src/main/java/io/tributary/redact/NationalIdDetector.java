package io.tributary.redact;

import static io.tributary.redact.TextScan.asciiLetterOrDigit;
import static io.tributary.redact.TextScan.digit;

import io.tributary.model.EntityType;
import io.tributary.redact.ids.IdRule;
import io.tributary.redact.ids.IdRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * National identifiers of many countries, passport and driving-licence numbers: the rules of {@link
 * IdRules} (data), each with its published check ({@link io.tributary.redact.ids.IdValidators}).
 * Findings are of type {@link EntityType#NATIONAL_ID}, {@link EntityType#US_SSN} (one without
 * separators, named as one), {@link EntityType#PASSPORT} or {@link EntityType#DRIVING_LICENCE}.
 *
 * <p>One pass: at each run of letters and digits that holds a digit (and the one- or two-letter run
 * before it, a NINO's prefix), the runs joined to it by single separators ({@code space - . / +})
 * are tried from the longest to the shortest; a candidate whose compact length some rule accepts is
 * matched against that rule's written form, checked, and, if the rule asks for it, looked up for a
 * context word before it. A candidate inside a longer number joined by {@code - . /} is not
 * reported. Stateless and thread-safe.
 */
final class NationalIdDetector implements Detector {

  private static final int MAX_RUNS = 8;
  private static final String SEPARATORS = " -./+";

  private final IdRules rules;
  private final int maxLength;
  private final int minLength;

  /** For each compact length, the rules that accept it, in order. */
  private final IdRule[][] byLength;

  /** For each compact length, the indices of {@link #byLength}'s rules in the rule list. */
  private final int[][] indexByLength;

  /** Context phrases, as {@link IdRules#words} joins them, and the rules each serves. */
  private final Map<String, Long> phrases;

  private final int maxPhraseWords;

  /** Every word of the context phrases. */
  private final WordSet phraseWords;

  NationalIdDetector() {
    this(IdRules.shipped());
  }

  NationalIdDetector(IdRules rules) {
    this.rules = rules;
    this.maxLength = rules.maxLength();
    this.minLength = rules.minLength();
    this.byLength = new IdRule[maxLength + 1][];
    this.indexByLength = new int[maxLength + 1][];
    for (int l = 0; l <= maxLength; l++) {
      int length = l;
      byLength[l] =
          rules.rules().stream().filter(r -> r.lengths().contains(length)).toArray(IdRule[]::new);
      indexByLength[l] =
          java.util.Arrays.stream(byLength[l]).mapToInt(r -> rules.rules().indexOf(r)).toArray();
    }
    this.phrases = rules.phraseMasks();
    this.maxPhraseWords =
        phrases.keySet().stream().mapToInt(p -> p.split(" ").length).max().orElse(1);
    this.phraseWords =
        WordSet.of(
            phrases.keySet().stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(" ")))
                .collect(java.util.stream.Collectors.toSet()));
  }

  @Override
  public EntityType type() {
    return EntityType.NATIONAL_ID;
  }

  @Override
  public Set<EntityType> types() {
    return TYPES;
  }

  private static final Set<EntityType> TYPES =
      Set.of(
          EntityType.NATIONAL_ID,
          EntityType.US_SSN,
          EntityType.PASSPORT,
          EntityType.DRIVING_LICENCE);

  @Override
  public List<Finding> find(String text) {
    List<Finding> findings = List.of();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!digit(text.charAt(i))) {
        i++;
        continue;
      }
      int runStart = i;
      while (runStart > 0 && asciiLetterOrDigit(text.charAt(runStart - 1))) {
        runStart--;
      }
      int runEnd = i;
      while (runEnd < n && asciiLetterOrDigit(text.charAt(runEnd))) {
        runEnd++;
      }
      // The run itself first: a word before it ("is 2270-66-1551") is no prefix of the value.
      Finding f = longestAt(text, runStart);
      if (f == null) {
        int prefix = letterPrefix(text, runStart);
        if (prefix >= 0) {
          f = longestAt(text, prefix);
        }
      }
      if (f != null) {
        if (findings.isEmpty()) {
          findings = new ArrayList<>();
        }
        findings.add(f);
        i = f.end();
      } else {
        i = runEnd;
      }
    }
    return findings;
  }

  /** The start of a run of one or two letters joined to the run at {@code at} by one separator. */
  private static int letterPrefix(String text, int at) {
    if (at < 2 || (text.charAt(at - 1) != ' ' && text.charAt(at - 1) != '-')) {
      return -1;
    }
    int s = at - 1;
    while (s > 0 && at - 1 - s < 3 && asciiLetterOrDigit(text.charAt(s - 1))) {
      if (digit(text.charAt(s - 1))) {
        return -1;
      }
      s--;
    }
    int length = at - 1 - s;
    return length >= 1 && length <= 2 && (s == 0 || !asciiLetterOrDigit(text.charAt(s - 1)))
        ? s
        : -1;
  }

  /** The longest identifier that starts at {@code start}, or {@code null}. */
  private Finding longestAt(String text, int start) {
    if (start > 1 && digit(text.charAt(start - 2)) && "-./".indexOf(text.charAt(start - 1)) >= 0) {
      return null; // inside a longer number
    }
    int n = text.length();
    int[] ends = new int[MAX_RUNS];
    int[] lengths = new int[MAX_RUNS];
    int runs = 0;
    int compact = 0;
    int at = start;
    while (runs < MAX_RUNS) {
      int end = at;
      while (end < n && asciiLetterOrDigit(text.charAt(end))) {
        end++;
      }
      compact += end - at;
      if (compact > maxLength) {
        break;
      }
      ends[runs] = end;
      lengths[runs] = compact;
      runs++;
      if (end + 1 < n
          && SEPARATORS.indexOf(text.charAt(end)) >= 0
          && asciiLetterOrDigit(text.charAt(end + 1))
          && (text.charAt(end) != ' ' || digitOrShortRun(text, end + 1))) {
        at = end + 1;
      } else {
        break;
      }
    }
    long context = -1; // the rules whose context stands before start; -1 until looked up
    for (int k = runs - 1; k >= 0; k--) {
      int length = lengths[k];
      if (length < minLength || byLength[length].length == 0) {
        continue;
      }
      int end = ends[k];
      if (end + 1 < n && "-./".indexOf(text.charAt(end)) >= 0 && digit(text.charAt(end + 1))) {
        continue; // a longer number goes on
      }
      String written = text.substring(start, end).toUpperCase(Locale.ROOT);
      String compacted = null;
      IdRule[] candidates = byLength[length];
      for (int c = 0; c < candidates.length; c++) {
        IdRule rule = candidates[c];
        // the context first: a look-up shared by the rules at this start, and cheaper than the
        // form and the check, which a rule needing context must pass as well
        if (rule.needsContext()) {
          if (context == -1) {
            context = contextBefore(text, start);
          }
          if ((context & 1L << indexByLength[length][c]) == 0) {
            continue;
          }
        }
        if (!rule.form().matcher(written).matches()) {
          continue;
        }
        if (compacted == null) {
          compacted = compact(written);
        }
        if (!rule.validator().test(compacted)) {
          continue;
        }
        return new Finding(start, end, rule.type());
      }
    }
    return null;
  }

  /**
   * Whether the run at {@code at} holds a digit or is at most two characters long: only such a run
   * goes on an identifier after a space (a NINO's suffix letter does; the words of a sentence after
   * a number do not, so a scan does not carry them along).
   */
  private static boolean digitOrShortRun(String text, int at) {
    int i = at;
    while (i < text.length() && asciiLetterOrDigit(text.charAt(i))) {
      if (digit(text.charAt(i))) {
        return true;
      }
      i++;
    }
    return i - at <= 2;
  }

  private static String compact(String written) {
    StringBuilder out = new StringBuilder(written.length());
    for (int i = 0; i < written.length(); i++) {
      char c = written.charAt(i);
      if (asciiLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether the ASCII window {@code [from, to)} holds no word of any context phrase, so that no
   * phrase stands in it: a scan without allocation before the look-up of every run of words. A
   * window with other chars is not judged here ({@code false}): its words are lower-cased as
   * strings, not char by char.
   */
  private boolean noPhraseWord(String text, int from, int to) {
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      if (!asciiLetterOrDigit(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < to && asciiLetterOrDigit(text.charAt(i))) {
        i++;
      }
      if (i < to && text.charAt(i) >= 128) {
        return false;
      }
      if (phraseWords.contains(text, start, i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rules (a bit mask) one of whose context phrases stands, as whole words, in the window
   * before {@code start}: a look-up of each run of up to {@link #maxPhraseWords} words, so the cost
   * does not grow with the number of phrases.
   */
  private long contextBefore(String text, int start) {
    int from = Math.max(0, start - rules.window());
    if (noPhraseWord(text, from, start)) {
      return 0;
    }
    List<String> words = IdRules.words(text.substring(from, start));
    long mask = 0;
    StringBuilder phrase = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      phrase.setLength(0);
      for (int j = i; j < words.size() && j < i + maxPhraseWords; j++) {
        if (j > i) {
          phrase.append(' ');
        }
        phrase.append(words.get(j));
        Long m = phrases.get(phrase.toString());
        if (m != null) {
          mask |= m;
        }
      }
    }
    return mask;
  }
}
