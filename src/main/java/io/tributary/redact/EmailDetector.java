package io.tributary.redact;

import static io.tributary.redact.TextScan.asciiLetterOrDigit;
import static io.tributary.redact.TextScan.wordChar;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * E-mail addresses: a local part, one {@code @}, a dotted domain with an alphabetic TLD.
 *
 * <p>The candidate is what {@code
 * (?<![\w+%-])(?<!\w\.)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?!\w)}
 * matches. The pattern stops at the domain's first character; the domain is scanned by hand,
 * because the regex engine recurses once per label of {@code (...\.)+} and overflows the stack on
 * {@code a@a.a.a...} with a few thousand labels.
 */
final class EmailDetector extends RegexDetector {

  private static final Pattern CANDIDATE =
      Pattern.compile("(?<![\\w+%-])(?<!\\w\\.)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9]");

  EmailDetector() {
    super(EntityType.EMAIL, CANDIDATE);
  }

  /** Tried only before an {@code @}: at the starts of its local part's up to 64 characters. */
  @Override
  int nextStart(String text, int from) {
    int n = text.length();
    while (from < n) {
      int at = text.indexOf('@', from);
      if (at < 0) {
        return -1;
      }
      int p = at;
      int limit = Math.max(from, at - 64);
      while (p > limit && localChar(text.charAt(p - 1))) {
        p--;
      }
      for (int q = p; q < at; q++) {
        if (asciiLetterOrDigit(text.charAt(q)) && startsWord(text, q)) {
          return q;
        }
      }
      from = at + 1;
    }
    return -1;
  }

  /**
   * The end of {@code (?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?!\w)} at {@code from}, as the regex
   * engine's greedy backtracking finds it: labels are taken while they can be (a label of 63
   * characters or more, or one not followed by a dot, cannot), then the last label end after which
   * a TLD fits wins. Each label is followed by a dot, which no label contains, so the labels are
   * determined one by one and the scan is linear.
   */
  @Override
  int candidateEnd(String text, int from) {
    int n = text.length();
    int end = -1;
    int at = from;
    while (true) {
      int label = at;
      while (label < n && label - at <= 62 && labelChar(text.charAt(label))) {
        label++;
      }
      if (label - at > 62 || label >= n || text.charAt(label) != '.') {
        return end;
      }
      at = label + 1;
      int tld = at;
      while (tld < n && tld - at <= 24 && isAsciiLetter(text.charAt(tld))) {
        tld++;
      }
      if (tld - at >= 2 && tld - at <= 24 && (tld >= n || !wordChar(text.charAt(tld)))) {
        end = tld;
      }
    }
  }

  private static boolean labelChar(char c) {
    return asciiLetterOrDigit(c) || c == '-';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean localChar(char c) {
    return asciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /**
   * The pattern's look-behinds: not after {@code [\w+%-]}, nor after a word character and a dot.
   */
  private static boolean startsWord(String text, int q) {
    if (q == 0) {
      return true;
    }
    char b = text.charAt(q - 1);
    if (wordChar(b) || b == '+' || b == '%' || b == '-') {
      return false;
    }
    return !(b == '.' && q > 1 && wordChar(text.charAt(q - 2)));
  }

  @Override
  boolean isValid(String candidate) {
    String local = candidate.substring(0, candidate.indexOf('@'));
    return !local.contains("..") && !local.endsWith(".");
  }
}
