package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/** IPv4 dotted quads (each octet 0-255) and IPv6 addresses (full or {@code ::}-compressed). */
final class IpAddressDetector extends RegexDetector {

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?<![\\w.:])(?:"
              + OCTET + "(?:\\." + OCTET + "){3}"
              + "|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
              + ")(?![\\w.:])");

  IpAddressDetector() {
    super(EntityType.IP_ADDRESS, CANDIDATE);
  }

  @Override
  boolean isValid(String candidate) {
    return candidate.indexOf(':') < 0 || isIpv6(candidate);
  }

  static boolean isIpv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon != s.lastIndexOf("::")) {
      return false;
    }
    String[] groups = s.split(":", -1);
    int nonEmpty = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        boolean partOfDoubleColon =
            doubleColon >= 0
                && ((i > 0 && groups[i - 1].isEmpty()) || (i + 1 < groups.length && groups[i + 1].isEmpty())
                    || i == 0 || i == groups.length - 1);
        if (!partOfDoubleColon) {
          return false;
        }
      } else {
        nonEmpty++;
      }
    }
    return doubleColon >= 0 ? nonEmpty <= 7 && nonEmpty >= 1 : nonEmpty == 8;
  }
}
