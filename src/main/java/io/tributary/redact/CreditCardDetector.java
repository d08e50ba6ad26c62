package io.tributary.redact;

import static io.tributary.redact.TextScan.digit;
import static io.tributary.redact.TextScan.digitsEnd;
import static io.tributary.redact.TextScan.digitsOf;
import static io.tributary.redact.TextScan.wordChar;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits (12 for Maestro), optionally grouped with spaces or dashes,
 * a known issuer prefix, Luhn-valid.
 */
final class CreditCardDetector extends RegexDetector {

  // Contiguous, or grouped as cards are printed (4-4-4-4, 4-6-5, 4-4-4-4-3); not inside a word or
  // a longer number; a letter or a dash and a word may follow ("4111...-exp"), a digit may not.
  private static final Pattern CANDIDATE =
      Pattern.compile("(?<!\\w)(?:\\d{12,19}|\\d{4,6}(?:[ -]\\d{3,7}){1,4})(?!\\w|-\\d)");

  CreditCardDetector() {
    super(EntityType.CREDIT_CARD, CANDIDATE, " -");
  }

  /**
   * Tried only at runs of four digits or more that start a word and, with the spaces and dashes
   * after them, hold the 12 digits that the shortest card has.
   */
  @Override
  int nextStart(String text, int from) {
    int n = text.length();
    int i = from;
    while (i + 3 < n) {
      if (!digit(text.charAt(i + 3))) {
        i += 4; // a start at i, i+1, i+2 or i+3 would need a digit there
        continue;
      }
      if (!digit(text.charAt(i))) {
        i++;
        continue;
      }
      int end = digitsEnd(text, i);
      if (end - i >= 4 && (i == 0 || !wordChar(text.charAt(i - 1))) && twelveDigits(text, i)) {
        return i;
      }
      i = end; // inside a run of digits the look-behind fails
    }
    return -1;
  }

  /** Whether 12 digits follow, spaces and dashes apart: a candidate holds no other characters. */
  private static boolean twelveDigits(String text, int from) {
    int digits = 0;
    for (int i = from; i < text.length() && digits < 12; i++) {
      char c = text.charAt(i);
      if (digit(c)) {
        digits++;
      } else if (c != ' ' && c != '-') {
        break;
      }
    }
    return digits >= 12;
  }

  @Override
  boolean isValid(String candidate) {
    String digits = digitsOf(candidate);
    if (digits.length() < 12 || digits.length() > 19) {
      return false;
    }
    return (digits.length() >= 13 || maestro(digits)) && knownIssuer(digits) && luhn(digits);
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

  /**
   * Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro prefixes. JCB is accepted over
   * the whole 35 block (assigned: 3528-3589) and its legacy 15-digit 1800 and 2131 ranges: a
   * Luhn-valid number of card length with such a prefix is far likelier a card than anything else,
   * and a missed card costs more than a masked number.
   */
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
        || p2 == 35
        || p4 == 1800
        || p4 == 2131
        || (p4 >= 3000 && p4 <= 3059)
        || p2 == 36
        || p2 == 38
        || p2 == 39
        || p2 == 62
        || maestro(d);
  }

  /** Maestro: 50, 56-58, 6x other than the ranges above; 12 to 19 digits. */
  static boolean maestro(String d) {
    int p2 = Integer.parseInt(d.substring(0, 2));
    return p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67;
  }
}
