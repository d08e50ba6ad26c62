package io.tributary.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * Cue phrases (lower case, each ending in a space or a line break) that may stand right before a
 * position of a text, grouped by their last letter before that break: a test reads the text's char
 * there and compares only the few cues of its group, not every cue. Immutable and thread-safe.
 */
final class Cues {

  /** For each ASCII char, the cues whose char before the final break it is; null for none. */
  private final String[][] byChar = new String[128][];

  private Cues(String... cues) {
    List<List<String>> groups = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      groups.add(new ArrayList<>());
    }
    for (String cue : cues) {
      char last = cue.charAt(cue.length() - 1);
      char before = cue.length() > 1 ? cue.charAt(cue.length() - 2) : 0;
      if (cue.length() < 2 || (last != ' ' && last != '\n') || before >= 128) {
        throw new IllegalArgumentException("a cue ends in an ASCII char and a break: " + cue);
      }
      groups.get(before).add(cue);
    }
    for (int c = 0; c < 128; c++) {
      byChar[c] = groups.get(c).isEmpty() ? null : groups.get(c).toArray(new String[0]);
    }
  }

  static Cues of(String... cues) {
    return new Cues(cues);
  }

  /**
   * Whether one of the cues stands right before {@code at} in the text (lower-cased char by char),
   * starting at a word boundary.
   */
  boolean before(String text, int at) {
    if (at < 2 || text.charAt(at - 1) != ' ' && text.charAt(at - 1) != '\n') {
      return false;
    }
    if (matches(text, at)) {
      return true;
    }
    // a label aligned by several spaces: "Name:    Martim A Pereira"
    int k = at - 1;
    while (k > 0 && text.charAt(k - 1) == ' ') {
      k--;
    }
    return k < at - 1 && k >= 1 && matches(text, k + 1);
  }

  private boolean matches(String text, int at) {
    char c = TextScan.lowerCase(text.charAt(at - 2));
    String[] group = c < 128 ? byChar[c] : null;
    if (group == null) {
      return false;
    }
    for (String cue : group) {
      int from = at - cue.length();
      if (from >= 0
          && TextScan.lowerCaseStartsWith(text, from, cue)
          && (from == 0 || !Character.isLetter(text.charAt(from - 1)))) {
        return true;
      }
    }
    return false;
  }
}
