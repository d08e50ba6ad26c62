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
   * recurse on (once per repetition, overflowing the stack on a long one) matches the part before it
   * and scans the rest by hand here.
   */
  int candidateEnd(String text, int patternEnd) {
    return patternEnd;
  }

  /** Where findings may start in one text; asked with ascending {@code from}, so it may keep state. */
  interface Starts {
    int next(int from);
  }

  /** {@link #nextStart} for one text; a detector overrides this to keep state between calls. */
  Starts starts(String text) {
    return from -> nextStart(text, from);
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
    return lowerCaseAligned(s, 0, s.length());
  }

  /** {@link #lowerCaseAligned(String)} of {@code s.substring(from, to)}. */
  static String lowerCaseAligned(String s, int from, int to) {
    char[] c = new char[to - from];
    s.getChars(from, to, c, 0);
    for (int i = 0; i < c.length; i++) {
      c[i] = lowerCase(c[i]);
    }
    return new String(c);
  }

  /**
   * A set of words of two or three characters (a-z, {@code - . é}), found case-insensitively ({@link
   * #lowerCase(char)} char by char) with a rolling code of the last three characters: one table
   * look-up a character. Typically the first letters of the words a pattern can start with.
   */
  static final class Trigrams {
    private final long[] words = new long[(1 << 15) / 64]; // a bit set, small enough to stay in cache
    private final boolean[] pairs = new boolean[1 << 10];

    Trigrams(String... words) {
      for (String w : words) {
        if (w.length() == 2) {
          // any third character
          pairs[code(w.charAt(0)) << 5 | code(w.charAt(1))] = true;
          for (int third = 0; third < 32; third++) {
            set(code(w.charAt(0)) << 10 | code(w.charAt(1)) << 5 | third);
          }
        } else {
          set(code(w.charAt(0)) << 10 | code(w.charAt(1)) << 5 | code(w.charAt(2)));
        }
      }
    }

    private void set(int h) {
      words[h >>> 6] |= 1L << h;
    }

    /** 1-26 for a-z, 27-29 for {@code - . é}, after lower-casing; else 0. */
    static int code(char c) {
      return CODES[c];
    }

    private static int codeOf(char c) {
      char l = lowerCase(c);
      return l >= 'a' && l <= 'z' ? l - 'a' + 1 : l == '-' ? 27 : l == '.' ? 28 : l == 'é' ? 29 : 0;
    }

    /**
     * The words as a bit set: bit {@code h} is set when the codes of three characters, {@code h = a
     * << 10 | b << 5 | c}, start a word. For a scan that tests it inline, as {@link #all} does.
     */
    long[] bits() {
      return words;
    }

    /** Every position where, lower-cased, one of the words starts, in ascending order. */
    Positions all(String text) {
      Positions found = new Positions();
      int n = text.length();
      long[] bits = words;
      char[] chunk = new char[Math.min(n, CHUNK)];
      int h = 0;
      for (int at = 0; at < n; at += chunk.length) {
        int length = Math.min(chunk.length, n - at);
        text.getChars(at, at + length, chunk, 0);
        for (int k = 0; k < length; k++) {
          h = (h << 5 | code(chunk[k])) & 0x7fff;
          if ((bits[h >>> 6] & 1L << h) != 0 && at + k >= 2) {
            found.add(at + k - 2);
          }
        }
      }
      // a two-character word at the very end
      if (n >= 2 && pairs[h & 0x3ff]) {
        found.add(n - 2);
      }
      return found;
    }

    /** {@link #codeOf} of every char. */
    private static final byte[] CODES = new byte[Character.MAX_VALUE + 1];

    static {
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        CODES[c] = (byte) codeOf((char) c);
      }
    }
  }

  /**
   * How many characters a scan copies at a time: a loop over an array is about twice as fast as
   * one over {@link String#charAt} (more on a text with characters beyond Latin-1).
   */
  static final int CHUNK = 2048;

  /** Positions in a text, in the order added. */
  static final class Positions {
    private int[] values = new int[8];
    private int size;

    void add(int position) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = position;
    }

    int size() {
      return size;
    }

    int get(int index) {
      return values[index];
    }

    /** The positions, sorted. */
    int[] sorted() {
      int[] sorted = java.util.Arrays.copyOf(values, size);
      java.util.Arrays.sort(sorted);
      return sorted;
    }
  }

  /**
   * The text lower-cased char by char, as {@link #lowerCaseAligned(String)} gives it, but computed
   * as a pattern reads it: a pattern runs on it where a cheap search found a candidate, without the
   * text being copied.
   */
  static final class LowerCased implements CharSequence {
    private final String text;

    LowerCased(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      return lowerCase(text.charAt(index));
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return lowerCaseAligned(text, start, end);
    }

    @Override
    public String toString() {
      return lowerCaseAligned(text);
    }
  }

  /**
   * {@code text.indexOf(literal, from)}, found by the character at {@code anchor} in the literal:
   * {@link String#indexOf(int, int)} is fast on any text, {@link String#indexOf(String, int)} slow on
   * one with characters beyond Latin-1. Pick a rare character as the anchor.
   */
  static int indexOf(String text, String literal, int from, int anchor) {
    char a = literal.charAt(anchor);
    for (int i = text.indexOf(a, Math.max(from, 0) + anchor); i >= 0; i = text.indexOf(a, i + 1)) {
      if (text.startsWith(literal, i - anchor)) {
        return i - anchor;
      }
    }
    return -1;
  }

  /** Whether the text, lower-cased char by char, holds {@code word} (lower case) at {@code at}. */
  static boolean lowerCaseStartsWith(String text, int at, String word) {
    if (at < 0 || at + word.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (lowerCase(text.charAt(at + k)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** {@link Character#toLowerCase(char)}, with a fast path for ASCII. */
  static char lowerCase(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(c);
  }

  /** {@code \w} of a pattern without {@code UNICODE_CHARACTER_CLASS}: an ASCII letter, digit or {@code _}. */
  static boolean wordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  static boolean asciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@code \d} of a pattern without {@code UNICODE_CHARACTER_CLASS}. */
  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The end of the run of ASCII digits that starts at {@code from}. */
  static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && digit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += digit(s.charAt(i)) ? 1 : 0;
    }
    return n;
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
