package io.tributary.redact;

import io.tributary.redact.VendorTokens.VendorToken;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Known token formats, one row of {@link VendorTokens} each (AWS, GitHub, GitLab, Slack, OpenAI,
 * Anthropic, Stripe, Google, npm, PyPI, Hugging Face... and crypt(3) and Kerberos password hashes),
 * and Slack webhook URLs. A row is tried, as {@code find()} would try an alternation of all rows,
 * where a word starts that 20 token characters or more follow (no token is shorter; {@link
 * SecretScan#longRuns}) and one of its prefixes starts or its anchor holds; the next token is
 * looked for after the end of the last.
 */
final class VendorTokenRule implements SecretRule {

  private static final Pattern SLACK_WEBHOOK =
      Pattern.compile(
          "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]+/[A-Za-z0-9_]+/[A-Za-z0-9_/-]+");

  private static final List<VendorToken> ROWS = VendorTokens.ALL;
  private static final Pattern[] PATTERNS =
      ROWS.stream().map(VendorToken::pattern).toArray(Pattern[]::new);

  /**
   * The rows with a prefix that starts with two characters {@code c, d}, as {@code c << 7 | d}, in
   * table order.
   */
  private static final int[][] ROWS_BY_PAIR = new int[128 * 128][];

  /** The rows found by an anchor rather than a prefix, in table order. */
  private static final int[] ANCHORED;

  static {
    List<List<Integer>> byPair = new ArrayList<>();
    for (int p = 0; p < 128 * 128; p++) {
      byPair.add(new ArrayList<>());
    }
    List<Integer> anchored = new ArrayList<>();
    for (int r = 0; r < ROWS.size(); r++) {
      VendorToken row = ROWS.get(r);
      if (row.prefixes().isEmpty()) {
        anchored.add(r);
      }
      for (String p : row.prefixes()) {
        List<Integer> rows = byPair.get(p.charAt(0) << 7 | p.charAt(1));
        if (!rows.contains(r)) {
          rows.add(r);
        }
      }
    }
    for (int p = 0; p < byPair.size(); p++) {
      if (!byPair.get(p).isEmpty()) {
        ROWS_BY_PAIR[p] = byPair.get(p).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    ANCHORED = anchored.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    tokens(text, scan.longRuns, spans);
    slackWebhooks(text, spans);
  }

  /**
   * @param longRuns the start and end of each run of 20 token characters or more, ascending
   */
  private static void tokens(String text, TextScan.Positions longRuns, List<int[]> spans) {
    Matcher[] matchers = null; // made at the first candidate: most texts have none
    int resume = 0; // after a known token, the next is looked for from its end
    for (int r = 0; r < longRuns.size(); r += 2) {
      int runEnd = longRuns.get(r + 1);
      for (int i = Math.max(longRuns.get(r), resume); runEnd - i >= 20; i++) {
        char c = text.charAt(i);
        if ((i > 0 && TextScan.wordChar(text.charAt(i - 1)))
            || !(TextScan.wordChar(c) || c == '$')) {
          continue;
        }
        matchers = matchers == null ? new Matcher[ROWS.size()] : matchers;
        int end = tokenAt(text, i, matchers, spans);
        if (end >= 0) {
          resume = end;
          i = resume - 1;
        }
      }
    }
  }

  /**
   * The end of the token the first matching row finds at {@code i}, adding it if valid; -1 for
   * none.
   */
  private static int tokenAt(String text, int i, Matcher[] matchers, List<int[]> spans) {
    char c = text.charAt(i);
    int[] candidates = null;
    if (c < 128 && i + 1 < text.length() && text.charAt(i + 1) < 128) {
      candidates = ROWS_BY_PAIR[c << 7 | text.charAt(i + 1)];
    }
    // Table order across both kinds of row: the anchored rows come after every prefixed row that
    // could match where they do, but a merge keeps this exact for any table.
    int p = 0;
    int a = 0;
    int np = candidates == null ? 0 : candidates.length;
    while (p < np || a < ANCHORED.length) {
      int row =
          a >= ANCHORED.length || (p < np && candidates[p] < ANCHORED[a])
              ? candidates[p++]
              : ANCHORED[a++];
      VendorToken t = ROWS.get(row);
      boolean may =
          t.prefixes().isEmpty() ? t.anchor().holds(text, i) : startsWithAny(text, i, t.prefixes());
      if (!may) {
        continue;
      }
      Matcher m =
          matchers[row] == null ? (matchers[row] = PATTERNS[row].matcher(text)) : matchers[row];
      if (m.region(i, text.length()).lookingAt()) {
        if (t.accepts(m.group(1))) {
          spans.add(new int[] {m.start(), m.end()});
        }
        return m.end();
      }
    }
    return -1;
  }

  private static boolean startsWithAny(String text, int i, List<String> prefixes) {
    for (String p : prefixes) {
      if (text.startsWith(p, i)) {
        return true;
      }
    }
    return false;
  }

  private static void slackWebhooks(String text, List<int[]> spans) {
    if (TextScan.indexOf(text, "https://hooks.slack.com/", 0, 6) >= 0) {
      Matcher hook = SLACK_WEBHOOK.matcher(text);
      while (hook.find()) {
        spans.add(new int[] {hook.start(), hook.end()});
      }
    }
  }

  /** A character that may occur in a known token (a superset: it only bounds where to try). */
  static boolean tokenChar(char c) {
    return c < 128 ? TOKEN_CHARS[c] : !Character.isWhitespace(c);
  }

  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN_CHARS[c] = !Character.isWhitespace(c) && "'\"`<>".indexOf(c) < 0;
    }
  }
}
