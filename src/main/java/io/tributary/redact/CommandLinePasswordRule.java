package io.tributary.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords on command lines: the value of {@code -p} after {@code -u user} ({@code mysql -u root
 * -p secret}, {@code docker login -u me -p token}), read at most 256 characters past {@code -u}.
 */
final class CommandLinePasswordRule implements SecretRule {

  // mysql -u root -p secret, docker login -u me -p token, psexec ... -u admin -p pass
  private static final Pattern CLI_PASSWORD =
      Pattern.compile("-u\\s+[^\\s-][^\\s]{0,64}\\s+-p\\s?([^\\s\"'`-][^\\s\"'`]{3,127})");

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, " -u", 0, 1);
        at >= 0;
        at = TextScan.indexOf(text, " -u", at + 3, 1)) {
      m = m == null ? CLI_PASSWORD.matcher(text) : m;
      m.region(at + 1, Math.min(text.length(), at + 256));
      if (!m.lookingAt()) {
        continue;
      }
      if (!CredentialValues.placeholder(m.group(1))) {
        spans.add(new int[] {m.start(1), m.end(1)});
      }
    }
  }
}
