package io.tributary.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, plain): the whole block from BEGIN to
 * END, or to the end of its base64 body when END is missing. Needs 16 body characters. A block is
 * read at most {@value #MAX_PEM_LENGTH} characters past its BEGIN line.
 */
final class PrivateKeyRule implements SecretRule {

  private static final int MAX_PEM_LENGTH = 65_536;
  private static final Pattern PEM_BEGIN =
      Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----");
  // A missing END: base64 lines, "\n" escapes of a JSON string, and armour headers. Possessive: a
  // greedy group would recurse once per line and overflow the stack on a long body; no match needs
  // to give a line back, as nothing follows the group.
  private static final Pattern PEM_BODY =
      Pattern.compile(
          "(?:[ \\t\\r"
              + "\\n"
              + "]*+(?:[A-Za-z0-9+/=]{4,}+|\\\\[nr]|(?:Proc-Type|DEK-Info|Comment|Version|Charset):[^\\r"
              + "\\n"
              + "]*+))++");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    privateKeys(text, spans);
  }

  private static void privateKeys(String text, List<int[]> spans) {
    Matcher m = null;
    int from = 0;
    // find(from), tried only where the pattern's literal start is
    for (int at = TextScan.indexOf(text, "-----BEGIN ", from, 7);
        at >= 0;
        at = TextScan.indexOf(text, "-----BEGIN ", from, 7)) {
      m = m == null ? PEM_BEGIN.matcher(text) : m;
      if (!m.region(at, text.length()).lookingAt()) {
        from = at + 1;
        continue;
      }
      String end =
          "-----END "
              + m.group(1)
              + "PRIVATE KEY"
              + (m.group(2) == null ? "" : m.group(2))
              + "-----";
      int limit = Math.min(text.length(), m.end() + MAX_PEM_LENGTH);
      int endAt = text.indexOf(end, m.end());
      int bodyEnd;
      int stop;
      if (endAt >= 0 && endAt < limit) {
        bodyEnd = endAt;
        stop = endAt + end.length();
      } else {
        Matcher body = PEM_BODY.matcher(text).region(m.end(), limit);
        bodyEnd = body.lookingAt() ? body.end() : m.end();
        stop = bodyEnd;
      }
      if (base64Characters(text, m.end(), bodyEnd) >= 16) {
        spans.add(new int[] {m.start(), stop});
        from = stop;
      } else {
        from = m.end();
      }
    }
  }

  private static int base64Characters(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
        n++;
      }
    }
    return n;
  }
}
