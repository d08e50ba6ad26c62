package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/** Payment card numbers: 13 to 19 digits, optionally grouped, a known issuer prefix, Luhn-valid. */
final class CreditCardDetector extends RegexDetector {

  private static final Pattern CANDIDATE = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

  CreditCardDetector() {
    super(EntityType.CREDIT_CARD, CANDIDATE);
  }

  @Override
  boolean isValid(String candidate) {
    String digits = digitsOf(candidate);
    return digits.length() >= 13 && digits.length() <= 19 && knownIssuer(digits) && luhn(digits);
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  /** Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro prefixes. */
  static boolean knownIssuer(String d) {
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p4 = Integer.parseInt(d.substring(0, 4));
    return d.charAt(0) == '4'
        || (p2 >= 51 && p2 <= 55)
        || (p4 >= 2221 && p4 <= 2720)
        || p2 == 34
        || p2 == 37
        || d.startsWith("6011")
        || d.startsWith("65")
        || (p4 >= 6440 && p4 <= 6499)
        || (p4 >= 3528 && p4 <= 3589)
        || (p4 >= 3000 && p4 <= 3059)
        || p2 == 36
        || p2 == 38
        || p2 == 39
        || p2 == 62
        || p2 == 50
        || (p2 >= 56 && p2 <= 58)
        || p2 == 63
        || p2 == 67;
  }
}
