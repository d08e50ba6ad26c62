package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a candidate pattern and a validation of each candidate.
 *
 * <p>A candidate pattern is greedy and can swallow a neighbour (a card number followed by its CVV,
 * an IBAN followed by an upper-case word). So when a candidate fails validation, its prefixes that
 * end just before one of the detector's {@code separators} are tried, longest first; and when none
 * is valid the search resumes one character after the candidate's start, not after its end, so a
 * valid value inside a failed candidate is still found.
 *
 * <p>Speed: a detector may name, by {@link #nextStart}, the positions where its pattern can start
 * at all (after an {@code @}, at a run of digits...); the pattern is then tried only there, with
 * {@link Matcher#lookingAt()} and transparent bounds, which finds exactly what {@link
 * Matcher#find(int)} would, without evaluating the pattern's look-behinds at every character.
 */
abstract class RegexDetector implements Detector {

  private final EntityType type;
  private final Pattern candidate;
  private final String separators;

  RegexDetector(EntityType type, Pattern candidate) {
    this(type, candidate, "");
  }

  /**
   * @param separators characters before which a failed candidate may be cut short; empty for none
   */
  RegexDetector(EntityType type, Pattern candidate, String separators) {
    this.type = type;
    this.candidate = candidate;
    this.separators = separators;
  }

  @Override
  public final EntityType type() {
    return type;
  }

  @Override
  public final List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    int n = text.length();
    Matcher m = null; // made at the first start: most texts have none
    Starts starts = starts(text);
    int from = 0;
    while (from < n) {
      int start = starts.next(from);
      if (start < 0) {
        break;
      }
      if (m == null) {
        // The region always ends at the text's end, so a match is the one find() would make there.
        m = candidate.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      }
      int end = m.region(start, n).lookingAt() ? candidateEnd(text, m.end()) : -1;
      if (end < 0) {
        from = start + 1;
        continue;
      }
      int length = validLength(text, start, text.substring(start, end));
      if (length > 0) {
        findings.add(new Finding(start, start + length, type));
        from = start + length;
      } else {
        from = start + 1;
      }
    }
    return findings;
  }

  /**
   * The first position at or after {@code from} where a finding may start, or -1 if there is none.
   * It may name positions where the pattern then fails, but must not skip one where the pattern
   * matches a candidate that is valid or has a valid prefix. The default names every position.
   */
  int nextStart(String text, int from) {
    return from < text.length() ? from : -1;
  }

  /**
   * Where the candidate that the pattern matched up to {@code patternEnd} ends, or -1 for none. The
   * default takes the match; a detector whose candidate has a repeated part that a pattern would
   * recurse on (once per repetition, overflowing the stack on a long one) matches the part before
   * it and scans the rest by hand here.
   */
  int candidateEnd(String text, int patternEnd) {
    return patternEnd;
  }

  /**
   * Where findings may start in one text; asked with ascending {@code from}, so it may keep state.
   */
  interface Starts {
    int next(int from);
  }

  /** {@link #nextStart} for one text; a detector overrides this to keep state between calls. */
  Starts starts(String text) {
    return from -> nextStart(text, from);
  }

  /**
   * The length of the candidate, or of its longest valid prefix cut before a separator; 0 if none.
   */
  private int validLength(String text, int start, String c) {
    if (isValidAt(text, start, c)) {
      return c.length();
    }
    for (int i = c.length() - 1; i > 0; i--) {
      if (separators.indexOf(c.charAt(i)) >= 0
          && Character.isLetterOrDigit(c.charAt(i - 1))
          && isValidAt(text, start, c.substring(0, i))) {
        return i;
      }
    }
    return 0;
  }

  /** Whether a candidate match is a real value of this type. */
  abstract boolean isValid(String candidate);

  /** Like {@link #isValid(String)}, for detectors that also weigh the text before the candidate. */
  boolean isValidAt(String text, int start, String candidate) {
    return isValid(candidate);
  }
}
