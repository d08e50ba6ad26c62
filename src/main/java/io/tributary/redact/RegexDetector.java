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
    Matcher m = candidate.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int length = validLength(text, m.start(), m.group());
      if (length > 0) {
        findings.add(new Finding(m.start(), m.start() + length, type));
        from = m.start() + length;
      } else {
        from = m.start() + 1;
      }
    }
    return findings;
  }

  /** The length of the candidate, or of its longest valid prefix cut before a separator; 0 if none. */
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

  /**
   * The text in lower case, char for char, so that an index into it is an index into the text; a
   * case-sensitive search in it is much faster than a case-insensitive one in the text.
   */
  static String lowerCaseAligned(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = Character.toLowerCase(c[i]);
    }
    return new String(c);
  }

  static String digitsOf(String s) {
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
