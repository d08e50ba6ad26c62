package io.tributary.redact;

import java.text.Normalizer;

/**
 * The view of a text that detectors read, and the way back to the text's own positions. Text can
 * hide what a detector looks for: a zero-width space inside an e-mail address, full-width or Arabic
 * digits in a card number, a non-breaking hyphen in a social security number. The view is the text
 * with each code point in Unicode NFKC, format characters (category Cf: zero-width spaces and
 * joiners, soft hyphens, direction marks, byte-order marks) removed, every decimal digit as its
 * ASCII digit and every dash (category Pd, the minus sign) as {@code '-'}. A span of the view maps
 * back to the span of the text from the first to the last code point it came from, so a replacement
 * covers the hidden characters between and leaves everything around it byte-identical.
 *
 * <p>Code points are normalised one at a time (a combining sequence is not composed): enough for
 * the digits, letters and punctuation that detectors match, and linear. A text that needs no change
 * (the common case: ASCII and ordinary letters) is its own view and costs one pass over it.
 * Immutable and thread-safe.
 */
final class NormalizedText {

  /** For each BMP char: {@link #SAME}, {@link #REMOVE} or {@link #MAPPED} to {@link #MAPPING}. */
  private static final byte[] KIND = new byte[Character.MAX_VALUE + 1];

  private static final String[] MAPPING = new String[Character.MAX_VALUE + 1];
  private static final byte SAME = 0;
  private static final byte REMOVE = 1;
  private static final byte MAPPED = 2;
  private static final byte SURROGATE = 3;

  static {
    for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
      if (Character.isSurrogate((char) c)) {
        KIND[c] = SURROGATE;
        continue;
      }
      String mapped = map(c);
      if (mapped == null) {
        continue;
      }
      KIND[c] = mapped.isEmpty() ? REMOVE : MAPPED;
      MAPPING[c] = mapped;
    }
  }

  private final String original;
  private final String view;

  /** For each char of the view, the index in the original of the code point it came from. */
  private final int[] from;

  /** For each char of the view, the end in the original of the code point it came from. */
  private final int[] to;

  private NormalizedText(String original, String view, int[] from, int[] to) {
    this.original = original;
    this.view = view;
    this.from = from;
    this.to = to;
  }

  /** The view of a text; the text itself (no copy, no map) when nothing in it changes. */
  static NormalizedText of(String text) {
    int first = firstChange(text);
    if (first < 0) {
      return new NormalizedText(text, text, null, null);
    }
    int n = text.length();
    StringBuilder out = new StringBuilder(n);
    int[] from = new int[n + 16];
    int[] to = new int[n + 16];
    out.append(text, 0, first);
    for (int i = 0; i < first; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    int i = first;
    while (i < n) {
      char c = text.charAt(i);
      int width = 1;
      String mapped;
      if (c < 0x80) {
        mapped = null;
      } else if (KIND[c] == SURROGATE) {
        int cp = text.codePointAt(i);
        width = Character.charCount(cp);
        mapped = Character.isSupplementaryCodePoint(cp) ? map(cp) : null;
        if (mapped == null) {
          mapped = text.substring(i, i + width);
        }
      } else {
        mapped = MAPPING[c];
      }
      int added = mapped == null ? 1 : mapped.length();
      if (out.length() + added > from.length) {
        from = java.util.Arrays.copyOf(from, Math.max(from.length * 2, out.length() + added));
        to = java.util.Arrays.copyOf(to, from.length);
      }
      for (int k = 0; k < added; k++) {
        from[out.length() + k] = i;
        to[out.length() + k] = i + width;
      }
      if (mapped == null) {
        out.append(c);
      } else {
        out.append(mapped);
      }
      i += width;
    }
    return new NormalizedText(text, out.toString(), from, to);
  }

  /** The index of the first char that the view changes, or -1 when the view is the text. */
  private static int firstChange(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && KIND[c] != SAME) {
        if (KIND[c] != SURROGATE) {
          return i;
        }
        int cp = text.codePointAt(i);
        if (Character.isSupplementaryCodePoint(cp) && map(cp) != null) {
          return i;
        }
        i += Character.charCount(cp) - 1;
      }
    }
    return -1;
  }

  /** What one code point becomes in the view: {@code null} for itself, {@code ""} for nothing. */
  private static String map(int cp) {
    if (Character.getType(cp) == Character.FORMAT) {
      return "";
    }
    String s = new String(Character.toChars(cp));
    String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    for (int k = 0; k < nfkc.length(); ) {
      int c = nfkc.codePointAt(k);
      k += Character.charCount(c);
      if (Character.getType(c) == Character.FORMAT) {
        continue;
      }
      if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER && (c < '0' || c > '9')) {
        out.append((char) ('0' + Character.digit(c, 10)));
      } else if (Character.getType(c) == Character.DASH_PUNCTUATION || c == '\u2212') {
        out.append('-');
      } else {
        out.appendCodePoint(c);
      }
    }
    String mapped = out.toString();
    return mapped.equals(s) ? null : mapped;
  }

  /** The text the detectors read. */
  String view() {
    return view;
  }

  /** Whether the view is the text itself: positions need no mapping. */
  boolean identity() {
    return from == null;
  }

  /** The index in the original text where the view's char at {@code start} came from. */
  int originalStart(int start) {
    return from == null ? start : start < view.length() ? from[start] : original.length();
  }

  /**
   * The end in the original text of the code point that the view's char {@code end - 1} is from.
   */
  int originalEnd(int end) {
    return to == null ? end : end == 0 ? 0 : to[end - 1];
  }
}
