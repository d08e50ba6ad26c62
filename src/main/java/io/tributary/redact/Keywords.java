package io.tributary.redact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of ASCII keywords found in one pass over a text (Aho-Corasick, as a complete automaton),
 * with ASCII letters folded to lower case; any other character outside ASCII ends every match.
 * Immutable and thread-safe once built; {@link #scan} is linear in the text plus the hits.
 */
final class Keywords {

  /** Receives each occurrence: the keyword's index in the list given, and where it starts. */
  interface Hit {
    void at(int keyword, int start);
  }

  private final int[][] out; // state -> indexes of the keywords ending there, or null
  private final int[] lengths;

  /**
   * Per ASCII char, its class: 0 for a char in no keyword (from any state it leads back to the
   * start), else one number per folded char of the keywords. Chars beyond ASCII are class 0 too.
   */
  private final byte[] classes = new byte[128];

  /** The number of classes: the width of a row of {@link #moves}. */
  private final int stride;

  /**
   * The automaton as one array, row by row, for one memory read a char: at {@code state * stride +
   * class}, the next state times {@code stride}, with the sign bit set when keywords end there.
   */
  private final int[] moves;

  Keywords(List<String> words) {
    List<int[]> gotos = new ArrayList<>();
    List<List<Integer>> outs = new ArrayList<>();
    gotos.add(newRow());
    outs.add(new ArrayList<>());
    lengths = new int[words.size()];
    for (int k = 0; k < words.size(); k++) {
      String w = words.get(k);
      lengths[k] = w.length();
      int s = 0;
      for (int i = 0; i < w.length(); i++) {
        int c = fold(w.charAt(i));
        if (gotos.get(s)[c] < 0) {
          gotos.get(s)[c] = gotos.size();
          gotos.add(newRow());
          outs.add(new ArrayList<>());
        }
        s = gotos.get(s)[c];
      }
      outs.get(s).add(k);
    }
    int[] fail = new int[gotos.size()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < 128; c++) {
      int t = gotos.get(0)[c];
      if (t < 0) {
        gotos.get(0)[c] = 0;
      } else {
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      outs.get(s).addAll(outs.get(fail[s]));
      for (int c = 0; c < 128; c++) {
        int t = gotos.get(s)[c];
        if (t < 0) {
          gotos.get(s)[c] = gotos.get(fail[s])[c];
        } else {
          fail[t] = gotos.get(fail[s])[c];
          queue.add(t);
        }
      }
    }
    out = new int[outs.size()][];
    for (int s = 0; s < out.length; s++) {
      out[s] = outs.get(s).isEmpty() ? null : outs.get(s).stream().mapToInt(i -> i).toArray();
    }
    if (out[0] != null) {
      throw new IllegalArgumentException("an empty keyword");
    }
    int count = 1;
    for (String w : words) {
      for (int i = 0; i < w.length(); i++) {
        int c = fold(w.charAt(i));
        if (classes[c] == 0) {
          classes[c] = (byte) count++;
        }
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classes[c] = classes[c + 32];
    }
    if (count > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("too many distinct characters in the keywords");
    }
    stride = count;
    moves = new int[gotos.size() * stride];
    int[] representative = new int[stride]; // a folded char of each class (class 0: none needed)
    for (int c = 0; c < 128; c++) {
      if (classes[c] != 0 && fold((char) c) == c) {
        representative[classes[c]] = c;
      }
    }
    for (int s = 0; s < gotos.size(); s++) {
      for (int k = 1; k < stride; k++) {
        int t = gotos.get(s)[representative[k]];
        moves[s * stride + k] = t * stride | (out[t] != null ? Integer.MIN_VALUE : 0);
      }
      // class 0: a char of no keyword leads to the start from every state
      moves[s * stride] = 0;
    }
  }

  private static int[] newRow() {
    int[] row = new int[128];
    Arrays.fill(row, -1);
    return row;
  }

  private static int fold(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** Calls {@code hit} for every occurrence of every keyword, in the order their ends occur. */
  void scan(String text, Hit hit) {
    int s = 0;
    int n = text.length();
    // read in chunks: charAt on a text with chars beyond Latin-1 checks every index
    char[] chunk = new char[Math.min(n, TextScan.CHUNK)];
    for (int at = 0; at < n; at += chunk.length) {
      int length = Math.min(chunk.length, n - at);
      text.getChars(at, at + length, chunk, 0);
      for (int k = 0; k < length; k++) {
        char c = chunk[k];
        int move = moves[s + (c < 128 ? classes[c] : 0)];
        s = move & Integer.MAX_VALUE;
        if (move < 0) {
          int i = at + k;
          for (int e : out[s / stride]) {
            hit.at(e, i + 1 - lengths[e]);
          }
        }
      }
    }
  }
}
