package io.tributary.redact;

import static io.tributary.redact.TextScan.hasDigit;
import static io.tributary.redact.TextScan.hasLetter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Authorization:} and {@code Proxy-Authorization:} header values and {@code Bearer} or
 * {@code SSWS} credentials: a Basic credential when it decodes to {@code user:password}, any other
 * when it is no placeholder, holds a letter, and holds a digit or is 20 characters or longer. Tried
 * only where {@link SecretScan} saw the first letters of one of those words.
 */
final class AuthorizationRule implements SecretRule {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?:\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?"
              + "(?:(?<scheme>bearer|basic|token|ssws|digest|negotiate)\\s+)?"
              + "|\\b(?:bearer|ssws)\\s*:?\\s+)(?<credential>[a-z0-9._~+/=-]{12,})");

  /** The first three letters of the words {@link #AUTHORIZATION} starts with (but proxy-). */
  static final TextScan.Trigrams WORD_STARTS = new TextScan.Trigrams("aut", "bea", "ssw");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    authorizations(text, scan.authorizationWords, spans);
  }

  private static void authorizations(
      String text, TextScan.Positions candidates, List<int[]> spans) {
    int[] starts = authorizationWordStarts(text, candidates);
    if (starts.length == 0) {
      return;
    }
    // find() on the lower-cased text, tried only where one of the pattern's words starts
    Matcher m =
        AUTHORIZATION
            .matcher(new TextScan.LowerCased(text))
            .useTransparentBounds(true)
            .useAnchoringBounds(false);
    int n = text.length();
    int from = 0;
    for (int at : starts) {
      if (at < from || !m.region(at, n).lookingAt()) {
        continue;
      }
      from = m.end();
      String value = text.substring(m.start("credential"), m.end("credential"));
      boolean basic = "basic".equalsIgnoreCase(m.group("scheme"));
      boolean ok =
          basic
              ? String.valueOf(decodeBase64(value)).indexOf(':') > 0
              : !CredentialValues.placeholder(value)
                  && hasLetter(value)
                  && (hasDigit(value) || value.length() >= 20);
      if (ok) {
        spans.add(new int[] {m.start("credential"), m.end("credential")});
      }
    }
  }

  /**
   * Where, in the lower-cased text, {@code proxy-authorization}, {@code authorization}, {@code
   * bearer} or {@code ssws} starts, in ascending order.
   *
   * @param candidates where, lower-cased, aut, bea or ssw starts
   */
  private static int[] authorizationWordStarts(String text, TextScan.Positions candidates) {
    TextScan.Positions starts = new TextScan.Positions();
    for (int c = 0; c < candidates.size(); c++) {
      int at = candidates.get(c);
      if (TextScan.lowerCaseStartsWith(text, at, "authorization")) {
        if (TextScan.lowerCaseStartsWith(text, at - 6, "proxy-")) {
          starts.add(at - 6);
        }
        starts.add(at);
      } else if (TextScan.lowerCaseStartsWith(text, at, "bearer")
          || TextScan.lowerCaseStartsWith(text, at, "ssws")) {
        starts.add(at);
      }
    }
    return starts.sorted();
  }

  private static String decodeBase64(String s) {
    try {
      return new String(Base64.getDecoder().decode(s), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
