package io.tributary.redact;

import java.util.Arrays;

/**
 * The text-scan toolkit of the detectors: case folding that keeps indices aligned, rolling trigram
 * sets for a one-pass search of many words, position lists, fast literal search, and the ASCII
 * character classes of a pattern written by hand. Every method is linear in what it reads and keeps
 * no state between calls.
 */
final class TextScan {

  private TextScan() {}

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
   * A set of words of two or three characters (a-z, {@code - . é}), found case-insensitively
   * ({@link #lowerCase(char)} char by char) with a rolling code of the last three characters: one
   * table look-up a character. Typically the first letters of the words a pattern can start with.
   */
  static final class Trigrams {
    private final long[] words =
        new long[(1 << 15) / 64]; // a bit set, small enough to stay in cache
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
   * How many characters a scan copies at a time: a loop over an array is about twice as fast as one
   * over {@link String#charAt} (more on a text with characters beyond Latin-1).
   */
  static final int CHUNK = 2048;

  /** Positions in a text, in the order added. */
  static final class Positions {
    private int[] values = new int[8];
    private int size;

    void add(int position) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
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
      int[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
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
   * {@link String#indexOf(int, int)} is fast on any text, {@link String#indexOf(String, int)} slow
   * on one with characters beyond Latin-1. Pick a rare character as the anchor.
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

  /**
   * {@code \w} of a pattern without {@code UNICODE_CHARACTER_CLASS}: an ASCII letter, digit or
   * {@code _}.
   */
  static boolean wordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  static boolean asciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@code \d} of a pattern without {@code UNICODE_CHARACTER_CLASS}. */
  /**
   * Whether the text's letters are all of one case, none upper case or none lower case: such a text
   * ({@code we moved here from tunisia}) says nothing by its capitals. Stops at the first pair of
   * letters that differ in case.
   */
  static boolean oneCase(String text) {
    boolean upper = false;
    boolean lower = false;
    for (int k = 0, n = text.length(); k < n; k++) {
      char c = text.charAt(k);
      if (c < 128) {
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
      } else if (Character.isLetter(c)) {
        upper |= Character.isUpperCase(c);
        lower |= Character.isLowerCase(c);
      }
      if (upper && lower) {
        return false;
      }
    }
    return upper || lower;
  }

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

  /** Empty, or one character repeated. */
  static boolean repeated(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != s.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }

  static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean hasUpper(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isUpperCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean hasLower(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
