package io.tributary.redact;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The words of a text, as spans: runs of letters (any script) with inner apostrophes and hyphens
 * ({@code O'Neil}, {@code Jean-Luc}). For the dictionary detectors, which look words up and weigh
 * what stands between two of them.
 */
final class Words {

  /**
   * The last text split on this thread: the PERSON and LOCATION detectors split the same text in
   * turn.
   */
  private static final ThreadLocal<Words> RECENT = new ThreadLocal<>();

  private final String text;
  private final char[] chars;
  private String[] lowered;
  private int[] kinds;

  /** Per word, its {@link WordSet#hash}: one hash a word for all the sets it is looked up in. */
  private int[] hashes;

  private int[] starts;
  private int[] ends;
  private int size;

  private Words(String text) {
    this.text = text;
    this.chars = text.toCharArray();
    int capacity = Math.max(16, text.length() / 5); // about one word in five characters or more
    this.starts = new int[capacity];
    this.ends = new int[capacity];
  }

  /**
   * The words of the text; immutable once made, shared with the next detector asking for the same
   * text.
   */
  static Words of(String text) {
    Words last = RECENT.get();
    if (last != null && last.text == text) {
      return last;
    }
    Words w = split(text);
    RECENT.set(text.length() > LARGE && PINNED.get() != text ? null : w);
    return w;
  }

  /** A text longer than this is split again for each detector, unless it is {@link #PINNED}. */
  private static final int LARGE = 4_000_000;

  /** The text whose words are kept however long it is, while {@link #sharedFor} runs. */
  private static final ThreadLocal<String> PINNED = new ThreadLocal<>();

  /**
   * Runs {@code work}, in which several detectors read the words of {@code text}: they are split
   * once, however long the text, and a long text's words are not kept after it.
   */
  static <T> T sharedFor(String text, Supplier<T> work) {
    PINNED.set(text);
    try {
      return work.get();
    } finally {
      PINNED.remove();
      Words last = RECENT.get();
      if (last != null && last.text.length() > LARGE) {
        RECENT.remove();
      }
    }
  }

  private static Words split(String text) {
    Words w = new Words(text);
    char[] chars = w.chars;
    int n = chars.length;
    int i = 0;
    while (i < n) {
      char c = chars[i];
      if (c < 128 ? !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : !Character.isLetter(c)) {
        i++;
        continue;
      }
      int start = i;
      i++;
      while (i < n) {
        char d = chars[i];
        if (d < 128
            ? (d | 0x20) >= 'a' && (d | 0x20) <= 'z'
            : Character.isLetter(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
          i++;
        } else if ((d == '\'' || d == '’') && possessive(chars, i)) {
          break;
        } else if ((d == '\'' || d == '’' || d == '-')
            && i + 1 < n
            && Character.isLetter(chars[i + 1])) {
          i += 2;
        } else {
          break;
        }
      }
      w.add(start, i);
    }
    w.lowered = new String[w.size];
    w.kinds = new int[w.size];
    w.hashes = new int[w.size];
    return w;
  }

  /** {@code 's} at {@code i} ends a word: {@code Matej's} is the name {@code Matej}. */
  private static boolean possessive(char[] chars, int i) {
    return i + 1 < chars.length
        && (chars[i + 1] == 's' || chars[i + 1] == 'S')
        && (i + 2 == chars.length || !Character.isLetter(chars[i + 2]));
  }

  private void add(int start, int end) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  int size() {
    return size;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  int length(int i) {
    return ends[i] - starts[i];
  }

  /** The word, lower case. */
  String lower(int i) {
    String l = lowered[i];
    if (l == null) {
      l = lowerCopy(i);
      lowered[i] = l;
    }
    return l;
  }

  static final int FIRST = 1;
  static final int LAST = 2;
  static final int COMMON = 4;
  static final int PLACE = 8;
  static final int PLACE_HEAD = 16;
  static final int STREET_SUFFIX = 32;
  static final int TITLE = 64;
  private static final int KNOWN = 128;

  /**
   * Whether the word, lower case, is in the dictionary {@code kind} ({@link #FIRST}, ...); looked
   * up once a word.
   */
  boolean is(int i, int kind) {
    int k = kinds[i];
    if ((k & KNOWN) == 0) {
      k = kindOf(i) | (kinds[i] & HASHED);
      kinds[i] = k;
    }
    return (k & kind) != 0;
  }

  private int kindOf(int i) {
    return KNOWN | NameLists.KINDS.get(chars, starts[i], ends[i], hash(i));
  }

  /** Set in {@link #kinds} once the word's {@link #hashes hash} is known. */
  private static final int HASHED = 1 << 30;

  /** The word's {@link WordSet#hash}, computed once. */
  private int hash(int i) {
    if ((kinds[i] & HASHED) != 0) {
      return hashes[i];
    }
    // WordSet.hash, with ASCII lowered as c | 0x20: a word's ASCII chars are letters, ' and -
    int h = 0;
    for (int k = starts[i], end = ends[i]; k < end; k++) {
      char c = chars[k];
      h = 31 * h + (c < 128 ? c | 0x20 : TextScan.lowerCase(c));
    }
    hashes[i] = h;
    kinds[i] |= HASHED;
    return h;
  }

  /** Whether the word, lower case, is one of {@code words}; allocates nothing. */
  boolean in(int i, WordSet words) {
    return words.contains(chars, starts[i], ends[i], hash(i));
  }

  /** Whether the word, lower case, ends with {@code suffix} (lower case). */
  boolean endsWith(int i, String suffix) {
    int from = ends[i] - suffix.length();
    if (from < starts[i]) {
      return false;
    }
    for (int k = 0; k < suffix.length(); k++) {
      if (TextScan.lowerCase(chars[from + k]) != suffix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The word's last char, lower case. */
  char lastLower(int i) {
    return TextScan.lowerCase(chars[ends[i] - 1]);
  }

  private String lowerCopy(int i) {
    char[] c = new char[ends[i] - starts[i]];
    for (int k = 0; k < c.length; k++) {
      c[k] = TextScan.lowerCase(chars[starts[i] + k]);
    }
    return new String(c);
  }

  /** The words {@code from..to} (inclusive), lower case, joined by single spaces. */
  String lower(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k <= to; k++) {
      if (k > from) {
        b.append(' ');
      }
      b.append(lower(k));
    }
    return b.toString();
  }

  /**
   * Whether the word before word {@code i}, a space, a line break or one of {@code . : ?} and a
   * space before it, is one of {@code words} (lower case, at most four letters): a cheap test
   * before a cue phrase is matched.
   */
  boolean previousIs(int i, WordSet words) {
    if (i == 0 || length(i - 1) > 4) {
      return false;
    }
    int gap = starts[i] - ends[i - 1];
    char c = chars[ends[i - 1]];
    boolean near =
        gap == 1 ? c == ' ' || c == '\n' : gap == 2 && (c == '.' || c == ':' || c == '?');
    return near && in(i - 1, words);
  }

  /**
   * Whether one of the cues (lower case, each ending in a space) stands right before {@code at} in
   * the text, starting at a word boundary.
   */
  static boolean cueBefore(String text, int at, Cues cues) {
    return cues.before(text, at);
  }

  /** Starts with an upper-case letter. */
  boolean capitalised(int i) {
    char c = chars[starts[i]];
    return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c) || Character.isTitleCase(c);
  }

  /** Two or more letters, all upper case ({@code FAUSKE}, {@code NASA}). */
  boolean allCaps(int i) {
    if (length(i) < 2) {
      return false;
    }
    for (int k = starts[i]; k < ends[i]; k++) {
      char c = chars[k];
      if (c < 128 ? c >= 'a' && c <= 'z' : Character.isLetter(c) && !Character.isUpperCase(c)) {
        return false;
      }
    }
    return true;
  }

  /** What stands between word {@code i} and the next one. */
  String gapAfter(int i) {
    return i + 1 < size ? text.substring(ends[i], starts[i + 1]) : "";
  }

  /** Whether exactly {@code gap} stands between word {@code i} and the next one. */
  boolean gapIs(int i, String gap) {
    return i + 1 < size && starts[i + 1] - ends[i] == gap.length() && text.startsWith(gap, ends[i]);
  }

  /** Whether the word holds a hyphen. */
  boolean hasHyphen(int i) {
    for (int k = starts[i]; k < ends[i]; k++) {
      if (chars[k] == '-') {
        return true;
      }
    }
    return false;
  }

  /** Whether only a single space separates word {@code i} from the next. */
  boolean spaceAfter(int i) {
    return i + 1 < size && starts[i + 1] == ends[i] + 1 && text.charAt(ends[i]) == ' ';
  }
}
