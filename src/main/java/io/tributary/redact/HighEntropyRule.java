package io.tributary.redact;

import static io.tributary.redact.TextScan.hasDigit;
import static io.tributary.redact.TextScan.hasLetter;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * High-entropy tokens: a run of 20 or more base64 or hex characters (at most two {@code =} of
 * padding, not after a {@code .}) with a Shannon entropy of at least 3.0 bits per character for hex
 * and 3.5 otherwise, mixed letters and digits, not a UUID, path or identifier, reported only within
 * {@value #CONTEXT_WINDOW} characters after a word such as key, secret, token, password, auth or
 * aws on its line (or at the end of the line before), and not after public, hash, sha, checksum or
 * commit. The runs are those {@link SecretScan} found.
 */
final class HighEntropyRule implements SecretRule {

  private static final Pattern ENTROPY_CONTEXT =
      Pattern.compile(
          "(?i)password|passwd|passphrase|pwd|secret|token|authorization|auth|credential|bearer|api|aws"
              + "|signature|login|unseal|key");
  private static final Pattern ENTROPY_VETO =
      Pattern.compile(
          "(?i)public|hash|sha\\d*\\b|md5|checksum|digest|commit|fingerprint|uuid|guid|\\bid\\b|integrity");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int CONTEXT_WINDOW = 48;
  private static final Pattern PADDING = Pattern.compile("=+$");
  private static final Pattern PATH_SEPARATORS = Pattern.compile("[-_/]+");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    TextScan.Positions runs = scan.entropyRuns;
    for (int r = 0; r < runs.size(); r += 2) {
      entropyRun(text, runs.get(r), runs.get(r + 1), spans);
    }
  }

  /**
   * A maximal run {@code [start, end)} of 20 base64/hex characters or more: reported when at most
   * two '=' of padding follow, it is not after a '.', and it is validated.
   */
  private static void entropyRun(String text, int start, int end, List<int[]> spans) {
    int n = text.length();
    int i = end;
    while (i < n && text.charAt(i) == '=' && i - end < 3) {
      i++;
    }
    boolean padded = i - end <= 2 && (i >= n || !entropyChar(text.charAt(i)));
    boolean afterDot = start > 0 && text.charAt(start - 1) == '.';
    if (padded && !afterDot) {
      String token = text.substring(start, i);
      if (randomLooking(token) && nearKeyWord(text, start)) {
        spans.add(new int[] {start, i});
      }
    }
  }

  static boolean entropyChar(char c) {
    return c < 128 && ENTROPY_CHARS[c];
  }

  /** ASCII letters and digits, {@code + / _ -}. */
  private static final boolean[] ENTROPY_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ENTROPY_CHARS[c] =
          Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }
  }

  static boolean randomLooking(String token) {
    String t = token.indexOf('=') >= 0 ? PADDING.matcher(token).replaceAll("") : token;
    if (t.length() < 20 || !hasDigit(t) || !hasLetter(t) || UUID.matcher(t).find()) {
      return false;
    }
    boolean hex = t.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (hex) {
      return entropy(t) >= 3.0;
    }
    return entropy(t) >= 3.5 && classChanges(t) >= 0.4 * (t.length() - 1) && !nameLike(t);
  }

  /**
   * How often the character class (upper, lower, digit, other) changes from one character to the
   * next.
   */
  private static int classChanges(String t) {
    int changes = 0;
    for (int i = 1; i < t.length(); i++) {
      if (charClass(t.charAt(i)) != charClass(t.charAt(i - 1))) {
        changes++;
      }
    }
    return changes;
  }

  private static int charClass(char c) {
    return Character.isUpperCase(c)
        ? 0
        : Character.isLowerCase(c) ? 1 : Character.isDigit(c) ? 2 : 3;
  }

  /**
   * A path or kebab/snake-case name: every part between separators is letters only or a short
   * number.
   */
  private static boolean nameLike(String t) {
    String[] parts = PATH_SEPARATORS.split(t);
    if (parts.length < 2) {
      return false;
    }
    for (String part : parts) {
      boolean letters = part.chars().allMatch(Character::isLetter);
      boolean number = part.length() <= 4 && part.chars().allMatch(Character::isDigit);
      if (!letters && !number) {
        return false;
      }
    }
    return true;
  }

  /**
   * A key word within the window before the token, on its line or, at a line start, the line
   * before.
   */
  private static boolean nearKeyWord(String text, int start) {
    int i = start;
    while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
      i--;
    }
    int to = start;
    if (i > 0 && text.charAt(i - 1) == '\n') {
      // The token starts its line: look at the end of the line before ("secret:\n  AbC...").
      to = i - 1;
      if (to > 0 && text.charAt(to - 1) == '\r') {
        to--;
      }
    }
    int from = to;
    while (from > 0 && to - from < CONTEXT_WINDOW && text.charAt(from - 1) != '\n') {
      from--;
    }
    String window = text.substring(from, start);
    if (ENTROPY_VETO.matcher(window).find()) {
      return false;
    }
    Matcher m = ENTROPY_CONTEXT.matcher(text).region(from, start);
    while (m.find()) {
      if (keyWordAt(text, m.start(), m.end())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A key word that is a word or a part of a name ({@code API_KEY}, {@code apiKey}, {@code
   * x-api-key}, {@code tokens}), not a piece of a longer word ({@code monkey}, {@code author}) or
   * of a random string (a base64 line that happens to contain {@code aWs}).
   */
  private static boolean keyWordAt(String text, int start, int end) {
    int e =
        end < text.length() && (text.charAt(end) == 's' || text.charAt(end) == 'S') ? end + 1 : end;
    boolean endsWord = e == text.length() || !Character.isLetter(text.charAt(e));
    boolean hump =
        e < text.length()
            && Character.isUpperCase(text.charAt(e))
            && Character.isLowerCase(text.charAt(e - 1));
    if (!endsWord && !hump) {
      return false; // "author", "keyboard", "tokenizer"
    }
    if (start > 0 && Character.isLetter(text.charAt(start - 1))) {
      // "apiKey", or a compound that ends with the word: "authtoken", "jwtsecret"
      boolean camel =
          Character.isLowerCase(text.charAt(start - 1))
              && Character.isUpperCase(text.charAt(start));
      if (!camel && !endsWord) {
        return false;
      }
    }
    int a = start;
    while (a > 0 && !wordBreak(text.charAt(a - 1))) {
      a--;
    }
    int b = end;
    while (b < text.length() && !wordBreak(text.charAt(b))) {
      b++;
    }
    return b - a <= 64 && !randomLooking(text.substring(a, b));
  }

  private static boolean wordBreak(char c) {
    return Character.isWhitespace(c) || "\"'`=:,;()[]{}<>".indexOf(c) >= 0;
  }

  static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = count / (double) s.length();
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = other / (double) s.length();
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }
}
