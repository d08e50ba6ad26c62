package io.tributary.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords in URLs: the password of {@code scheme://user:password@host}, unless it has the shape
 * of a placeholder; {@code user:secret@localhost} is how credentials are written, so no other value
 * is taken for a placeholder here. The user info is read at most 200 characters past the scheme.
 */
final class UrlPasswordRule implements SecretRule {

  // user:password@host after "scheme://"; the password may itself contain '@' (the last one ends
  // it).
  private static final Pattern URL_USER_INFO =
      Pattern.compile("[^\\s:/@?#\"'<>]{1,64}:([^\\s/?#\"'<>]{1,128})@(?=[A-Za-z0-9\\[.-])");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, "://", 0, 1);
        at > 0;
        at = TextScan.indexOf(text, "://", at + 3, 1)) {
      if (!Character.isLetter(text.charAt(at - 1))) {
        continue; // no scheme
      }
      m = m == null ? URL_USER_INFO.matcher(text).useTransparentBounds(true) : m;
      m.region(at + 3, Math.min(text.length(), at + 3 + 200));
      if (!m.lookingAt()) {
        continue;
      }
      // Only the shape of a placeholder: "user:secret@localhost" is how credentials are written.
      String password = m.group(1);
      if (!CredentialValues.placeholderShape(password) && !password.startsWith("$")) {
        spans.add(new int[] {m.start(1), m.end(1)});
      }
    }
  }
}
