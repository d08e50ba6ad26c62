package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/** E-mail addresses: a local part, one {@code @}, a dotted domain with an alphabetic TLD. */
final class EmailDetector extends RegexDetector {

  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?<![\\w+%-])(?<!\\w\\.)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,24}(?!\\w)");

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

  private static boolean localChar(char c) {
    return asciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /** The pattern's look-behinds: not after {@code [\w+%-]}, nor after a word character and a dot. */
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
