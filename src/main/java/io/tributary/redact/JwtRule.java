package io.tributary.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON Web Tokens: three base64url parts whose header decodes to a JSON object with {@code "alg"}.
 */
final class JwtRule implements SecretRule {

  private static final Pattern JWT =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, "eyJ", 0, 2);
        at >= 0;
        at = TextScan.indexOf(text, "eyJ", at + 3, 2)) {
      m = m == null ? JWT.matcher(text).useTransparentBounds(true) : m;
      if (!m.region(at, text.length()).lookingAt()) {
        continue;
      }
      String header = decodeBase64Url(m.group(1));
      if (header != null && header.startsWith("{") && header.contains("\"alg\"")) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
  }

  private static String decodeBase64Url(String s) {
    // A valid base64 text never has length 1 mod 4; a truncated header still decodes without its
    // tail.
    String t = s.length() % 4 == 1 ? s.substring(0, s.length() - 1) : s;
    try {
      return new String(Base64.getUrlDecoder().decode(t), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
