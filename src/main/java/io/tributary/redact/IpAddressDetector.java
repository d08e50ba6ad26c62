package io.tributary.redact;

import static io.tributary.redact.TextScan.digit;
import static io.tributary.redact.TextScan.wordChar;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * IPv4 dotted quads (each octet 0-255) and IPv6 addresses (full, {@code ::}-compressed, or with an
 * embedded IPv4 tail such as {@code ::ffff:192.0.2.1}). An address may be followed by a port
 * ({@code 10.0.0.1:8080}) or end a sentence. Not reported: dotted numbers with more than four parts
 * ({@code 1.2.3.4.5}), times ({@code 10:30:45}), MAC addresses ({@code 00:1A:2B:3C:4D:5E}, six
 * groups) and {@code ::}-words without a digit ({@code dead::beef}, {@code Foo::Bar}), which are
 * far likelier code than addresses. A four-part version string ({@code 5.3.1.3}) is
 * indistinguishable from an address and is reported; so is the longest valid address at the start
 * of a longer colon-separated run ({@code 2001:db8::1} of {@code 2001:db8::1::2}).
 */
final class IpAddressDetector extends RegexDetector {

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
  private static final Pattern IPV4_ONLY = Pattern.compile(IPV4);
  private static final Pattern IPV4_TAIL = Pattern.compile(":" + IPV4 + "$");
  private static final Pattern CANDIDATE =
      Pattern.compile(
          // IPv6 with an embedded IPv4 tail
          "(?<![\\w.:])(?:[0-9A-Fa-f]{0,4}:){2,6}"
              + IPV4
              + "(?!\\w|\\.\\d)"
              // IPv4: not part of a longer dotted number; a port, a colon or a full stop may follow
              + "|(?<![\\w.])"
              + IPV4
              + "(?!\\w|\\.\\d)"
              // IPv6; a full stop may end the sentence
              + "|(?<![\\w.:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?![\\w:]|\\.\\d)");

  IpAddressDetector() {
    // Cut before a colon: "2001:db8::1: blocked" first matches with the trailing colon.
    super(EntityType.IP_ADDRESS, CANDIDATE, ":");
  }

  /**
   * Tried only where no word character or dot precedes and either 1-3 digits and a dot (IPv4) or
   * 0-4 hex digits and a colon (IPv6) follow: so only in the few characters before a dot or a
   * colon, which {@link String#indexOf(int, int)} finds fast.
   */
  @Override
  Starts starts(String text) {
    int n = text.length();
    return new Starts() {
      private int dot = -2; // the first '.' after the position last asked about; -1 if none
      private int colon = -2; // the first ':' at or after it

      @Override
      public int next(int from) {
        int p = from;
        while (p < n) {
          if (dot != -1 && dot < p + 1) {
            dot = text.indexOf('.', p + 1);
          }
          if (colon != -1 && colon < p) {
            colon = text.indexOf(':', p);
          }
          if (dot < 0 && colon < 0) {
            return -1;
          }
          // A start needs a dot 1-3 or a colon 0-4 characters after it.
          int lowest = Math.min(dot < 0 ? n : dot - 3, colon < 0 ? n : colon - 4);
          int highest = Math.min(dot < 0 ? n : dot - 1, colon < 0 ? n : colon);
          for (p = Math.max(p, lowest); p <= highest; p++) {
            if (mayStartAt(text, p)) {
              return p;
            }
          }
        }
        return -1;
      }
    };
  }

  private static boolean mayStartAt(String text, int i) {
    char c = text.charAt(i);
    if (!hex(c) && c != ':') {
      return false;
    }
    char b = i > 0 ? text.charAt(i - 1) : ' ';
    if (wordChar(b) || b == '.') {
      return false;
    }
    return ((digit(c) && dotAfterDigits(text, i)) || (b != ':' && colonAfterHex(text, i)))
        && mayBeValid(text, i);
  }

  /** {@code [0-9A-Fa-f]}. */
  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** No candidate is longer: 6 groups and an IPv4 address, or 9 groups. */
  private static final int LONGEST_CANDIDATE = 45;

  /**
   * Whether the candidate at {@code i}, or a prefix of it, may be valid: it lies in the run of hex
   * digits, colons and dots from there (45 characters at most), and a valid address has three dots
   * (IPv4) or a {@code ::} or six colons (IPv6; see {@link #isValid}). Times such as {@code
   * 10:30:45} have none.
   */
  private static boolean mayBeValid(String text, int i) {
    int end = Math.min(text.length(), i + LONGEST_CANDIDATE);
    int dots = 0;
    int colons = 0;
    for (int j = i; j < end; j++) {
      char c = text.charAt(j);
      if (c == '.') {
        dots++;
      } else if (c == ':') {
        colons++;
        if (j > i && text.charAt(j - 1) == ':') {
          return true;
        }
      } else if (!hex(c)) {
        break;
      }
      if (dots >= 3 || colons >= 6) {
        return true;
      }
    }
    return false;
  }

  private static boolean dotAfterDigits(String text, int i) {
    for (int k = 1; k <= 3 && i + k < text.length(); k++) {
      char c = text.charAt(i + k);
      if (c == '.') {
        return true;
      }
      if (!digit(c)) {
        return false;
      }
    }
    return false;
  }

  private static boolean colonAfterHex(String text, int i) {
    for (int k = 0; k <= 4 && i + k < text.length(); k++) {
      char c = text.charAt(i + k);
      if (c == ':') {
        return true;
      }
      if (!hex(c)) {
        return false;
      }
    }
    return false;
  }

  @Override
  boolean isValid(String candidate) {
    if (candidate.indexOf(':') < 0) {
      return IPV4_ONLY.matcher(candidate).matches();
    }
    // Cheap first: without "::" an address has seven colons, six before an IPv4 tail ("10:30:45"
    // has two).
    if (candidate.indexOf("::") < 0 && colons(candidate) < 6) {
      return false;
    }
    // An IPv4 tail stands for the last two 16-bit groups.
    String v6 = IPV4_TAIL.matcher(candidate).replaceFirst(":0:0");
    return isIpv6(v6) && v6.chars().anyMatch(Character::isDigit);
  }

  private static int colons(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == ':' ? 1 : 0;
    }
    return n;
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
