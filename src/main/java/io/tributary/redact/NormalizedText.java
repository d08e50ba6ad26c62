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

  /**
   * The code points of the original that the view changes (mapped, removed, or a surrogate pair),
   * in order: for segment {@code k}, the view's chars {@code [viewStart[k], viewEnd[k])} all come
   * from the original's code point {@code [origStart[k], origEnd[k])}. Every other char of the view
   * is one char of the original, at the offset the last segment before it leaves. Null when the
   * view is the text. Sparse: a long text with a few dashes keeps a few entries, not two ints a
   * char.
   */
  private final int[] viewStart;

  private final int[] viewEnd;
  private final int[] origStart;
  private final int[] origEnd;
  private final int segments;

  private NormalizedText(String original, String view) {
    this(original, view, null, null, null, null, 0);
  }

  private NormalizedText(
      String original,
      String view,
      int[] viewStart,
      int[] viewEnd,
      int[] origStart,
      int[] origEnd,
      int segments) {
    this.original = original;
    this.view = view;
    this.viewStart = viewStart;
    this.viewEnd = viewEnd;
    this.origStart = origStart;
    this.origEnd = origEnd;
    this.segments = segments;
  }

  /** The view of a text; the text itself (no copy, no map) when nothing in it changes. */
  static NormalizedText of(String text) {
    int first = firstChange(text);
    if (first < 0) {
      return new NormalizedText(text, text);
    }
    int n = text.length();
    StringBuilder out = new StringBuilder(n + 16);
    int capacity = 16;
    int[] vs = new int[capacity];
    int[] ve = new int[capacity];
    int[] os = new int[capacity];
    int[] oe = new int[capacity];
    int segments = 0;
    int run = 0; // start of the run of unchanged chars not yet copied
    int i = first;
    // read in chunks: charAt on a text with chars beyond Latin-1 checks every index
    char[] chunk = new char[Math.min(n, TextScan.CHUNK)];
    int base = 0;
    int length = 0;
    while (i < n) {
      if (i - base >= length) {
        base = i;
        length = Math.min(chunk.length, n - i);
        text.getChars(base, base + length, chunk, 0);
      }
      char c = chunk[i - base];
      if (c < 0x80 || KIND[c] == SAME) {
        i++;
        continue;
      }
      int width = 1;
      String mapped;
      if (KIND[c] == SURROGATE) {
        int cp = text.codePointAt(i);
        width = Character.charCount(cp);
        mapped = Character.isSupplementaryCodePoint(cp) ? map(cp) : null;
        if (mapped == null) {
          if (width == 1) {
            i++; // a lone surrogate stays itself, one char for one
            continue;
          }
          mapped = text.substring(i, i + width);
        }
      } else {
        mapped = MAPPING[c];
      }
      out.append(text, run, i);
      if (segments == capacity) {
        capacity *= 2;
        vs = java.util.Arrays.copyOf(vs, capacity);
        ve = java.util.Arrays.copyOf(ve, capacity);
        os = java.util.Arrays.copyOf(os, capacity);
        oe = java.util.Arrays.copyOf(oe, capacity);
      }
      vs[segments] = out.length();
      out.append(mapped);
      ve[segments] = out.length();
      os[segments] = i;
      oe[segments] = i + width;
      segments++;
      i += width;
      run = i;
    }
    out.append(text, run, n);
    return new NormalizedText(text, out.toString(), vs, ve, os, oe, segments);
  }

  /** The index of the first char that the view changes, or -1 when the view is the text. */
  private static int firstChange(String text) {
    int n = text.length();
    char[] chunk = new char[Math.min(n, TextScan.CHUNK)];
    int base = 0;
    int length = 0;
    for (int i = 0; i < n; i++) {
      if (i - base >= length) {
        base = i;
        length = Math.min(chunk.length, n - i);
        text.getChars(base, base + length, chunk, 0);
      }
      char c = chunk[i - base];
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
    return viewStart == null;
  }

  /** The index in the original text where the view's char at {@code start} came from. */
  int originalStart(int start) {
    if (viewStart == null) {
      return start;
    }
    if (start >= view.length()) {
      return original.length();
    }
    int k = segmentAt(start);
    if (k < 0) {
      return start;
    }
    return start < viewEnd[k] ? origStart[k] : origEnd[k] + (start - viewEnd[k]);
  }

  /**
   * The end in the original text of the code point that the view's char {@code end - 1} is from.
   */
  int originalEnd(int end) {
    if (viewStart == null) {
      return end;
    }
    if (end == 0) {
      return 0;
    }
    int v = end - 1;
    int k = segmentAt(v);
    if (k < 0) {
      return end;
    }
    return v < viewEnd[k] ? origEnd[k] : origEnd[k] + (v - viewEnd[k]) + 1;
  }

  /** The last segment starting at or before the view's char {@code v}, or -1. */
  private int segmentAt(int v) {
    int lo = 0;
    int hi = segments - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (viewStart[mid] <= v) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
