package io.tributary.redact;

import java.util.Collection;
import java.util.Map;

/**
 * Lower-case words with an {@code int} each, looked up by a span of a text's chars lower-cased char
 * by char ({@link TextScan#lowerCase(char)}), so that a look-up allocates nothing: the dictionary
 * detectors look up every word of a text, and a {@code HashMap<String, ...>} look-up first needs
 * the word as a new lower-case {@code String} and then its hash. The answer is the same as {@code
 * map.get(lowerCopy)}. Open addressing over arrays; immutable and thread-safe once built.
 */
final class WordSet {

  private final int mask;

  /**
   * Per slot, side by side (one cache line for both): the hash of its word, and the index of the
   * word + 1 (0 for an empty slot).
   */
  private final int[] slots;

  /** Per word, side by side: its offset in {@link #pool}, its length, its value. */
  private final int[] entries;

  /** The words' chars, one after another. */
  private final char[] pool;

  private WordSet(Map<String, Integer> words) {
    int capacity = Integer.highestOneBit(Math.max(4, words.size() * 2 - 1)) << 1;
    this.mask = capacity - 1;
    this.slots = new int[capacity * 2];
    this.entries = new int[words.size() * 3];
    int chars = 0;
    for (String w : words.keySet()) {
      chars += w.length();
    }
    this.pool = new char[chars];
    int k = 0;
    int at = 0;
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String w = e.getKey();
      w.getChars(0, w.length(), pool, at);
      entries[3 * k] = at;
      entries[3 * k + 1] = w.length();
      entries[3 * k + 2] = e.getValue();
      int h = 0;
      for (int i = 0; i < w.length(); i++) {
        h = 31 * h + w.charAt(i);
      }
      h = spread(h);
      int s = h & mask;
      while (slots[2 * s + 1] != 0) {
        s = (s + 1) & mask;
      }
      slots[2 * s] = h;
      slots[2 * s + 1] = k + 1;
      at += w.length();
      k++;
    }
  }

  /** The words, each with {@code 1}. */
  static WordSet of(Collection<String> words) {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (String w : words) {
      m.put(w, 1);
    }
    return new WordSet(m);
  }

  /** The words with their values (not 0: 0 means absent). */
  static WordSet of(Map<String, Integer> words) {
    return new WordSet(words);
  }

  /** The value of {@code chars[start..end)} lower-cased, or 0 when it is no word of the set. */
  int get(char[] chars, int start, int end) {
    return get(chars, start, end, hash(chars, start, end));
  }

  /**
   * The hash of {@code chars[start..end)} lower-cased, the same for every set: a text's words can
   * be hashed once and looked up in several sets ({@link #get(char[], int, int, int)}).
   */
  static int hash(char[] chars, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + TextScan.lowerCase(chars[i]);
    }
    return h;
  }

  /** {@link #get(char[], int, int)}, given the span's {@link #hash}. */
  int get(char[] chars, int start, int end, int hash) {
    int h = spread(hash);
    int length = end - start;
    for (int s = h & mask; slots[2 * s + 1] != 0; s = (s + 1) & mask) {
      if (slots[2 * s] != h) {
        continue;
      }
      int k = 3 * (slots[2 * s + 1] - 1);
      if (entries[k + 1] != length) {
        continue;
      }
      int from = entries[k];
      boolean same = true;
      for (int i = 0; i < length; i++) {
        if (pool[from + i] != TextScan.lowerCase(chars[start + i])) {
          same = false;
          break;
        }
      }
      if (same) {
        return entries[k + 2];
      }
    }
    return 0;
  }

  /** {@link #get(char[], int, int)} over a span of a string (copied: for the rarer callers). */
  int get(String text, int start, int end) {
    char[] chars = new char[end - start];
    text.getChars(start, end, chars, 0);
    return get(chars, 0, chars.length);
  }

  boolean contains(String text, int start, int end) {
    return get(text, start, end) != 0;
  }

  boolean contains(char[] chars, int start, int end) {
    return get(chars, start, end) != 0;
  }

  boolean contains(char[] chars, int start, int end, int hash) {
    return get(chars, start, end, hash) != 0;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 15);
  }
}
