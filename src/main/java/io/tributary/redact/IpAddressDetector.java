package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * IPv4 dotted quads (each octet 0-255) and IPv6 addresses (full, {@code ::}-compressed, or with an
 * embedded IPv4 tail such as {@code ::ffff:192.0.2.1}). An address may be followed by a port
 * ({@code 10.0.0.1:8080}) or end a sentence. Not reported: dotted numbers with more than four parts
 * ({@code 1.2.3.4.5}), times ({@code 10:30:45}), MAC addresses ({@code 00:1A:2B:3C:4D:5E}, six
 * groups) and {@code ::}-words without a digit ({@code dead::beef}, {@code Foo::Bar}), which are far
 * likelier code than addresses. A four-part version string ({@code 5.3.1.3}) is indistinguishable
 * from an address and is reported; so is the longest valid address at the start of a longer
 * colon-separated run ({@code 2001:db8::1} of {@code 2001:db8::1::2}).
 */
final class IpAddressDetector extends RegexDetector {

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
  private static final Pattern IPV4_ONLY = Pattern.compile(IPV4);
  private static final Pattern IPV4_TAIL = Pattern.compile(":" + IPV4 + "$");
  private static final Pattern CANDIDATE =
      Pattern.compile(
          // IPv6 with an embedded IPv4 tail
          "(?<![\\w.:])(?:[0-9A-Fa-f]{0,4}:){2,6}" + IPV4 + "(?!\\w|\\.\\d)"
              // IPv4: not part of a longer dotted number; a port, a colon or a full stop may follow
              + "|(?<![\\w.])" + IPV4 + "(?!\\w|\\.\\d)"
              // IPv6; a full stop may end the sentence
              + "|(?<![\\w.:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?![\\w:]|\\.\\d)");

  IpAddressDetector() {
    // Cut before a colon: "2001:db8::1: blocked" first matches with the trailing colon.
    super(EntityType.IP_ADDRESS, CANDIDATE, ":");
  }

  @Override
  boolean isValid(String candidate) {
    if (candidate.indexOf(':') < 0) {
      return IPV4_ONLY.matcher(candidate).matches();
    }
    // An IPv4 tail stands for the last two 16-bit groups.
    String v6 = IPV4_TAIL.matcher(candidate).replaceFirst(":0:0");
    return isIpv6(v6) && v6.chars().anyMatch(Character::isDigit);
  }

  /** Eight groups of 1-4 hex digits, or fewer around exactly one {@code ::}. */
  static boolean isIpv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon < 0) {
      return groups(s) == 8;
    }
    if (doubleColon != s.lastIndexOf("::")) {
      return false;
    }
    int left = groups(s.substring(0, doubleColon));
    int right = groups(s.substring(doubleColon + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
  }

  /** The number of colon-separated groups of 1-4 hex digits; 0 for "", -1 if malformed. */
  private static int groups(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    String[] groups = s.split(":", -1);
    for (String g : groups) {
      if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return -1;
      }
    }
    return groups.length;
  }
}
