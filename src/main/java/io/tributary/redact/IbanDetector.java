package io.tributary.redact;

import static io.tributary.redact.TextScan.asciiLetterOrDigit;
import static io.tributary.redact.TextScan.digit;

import io.tributary.model.EntityType;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/** IBANs: country code, check digits, the country's length, and the ISO 13616 mod-97 check. */
final class IbanDetector extends RegexDetector {

  private static final Pattern CANDIDATE =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])");

  private static final Map<String, Integer> LENGTHS =
      Map.ofEntries(
          Map.entry("AD", 24),
          Map.entry("AE", 23),
          Map.entry("AT", 20),
          Map.entry("BA", 20),
          Map.entry("BE", 16),
          Map.entry("BG", 22),
          Map.entry("BH", 22),
          Map.entry("BR", 29),
          Map.entry("CH", 21),
          Map.entry("CY", 28),
          Map.entry("CZ", 24),
          Map.entry("DE", 22),
          Map.entry("DK", 18),
          Map.entry("EE", 20),
          Map.entry("ES", 24),
          Map.entry("FI", 18),
          Map.entry("FO", 18),
          Map.entry("FR", 27),
          Map.entry("GB", 22),
          Map.entry("GI", 23),
          Map.entry("GL", 18),
          Map.entry("GR", 27),
          Map.entry("HR", 21),
          Map.entry("HU", 28),
          Map.entry("IE", 22),
          Map.entry("IL", 23),
          Map.entry("IS", 26),
          Map.entry("IT", 27),
          Map.entry("JO", 30),
          Map.entry("KW", 30),
          Map.entry("KZ", 20),
          Map.entry("LB", 28),
          Map.entry("LI", 21),
          Map.entry("LT", 20),
          Map.entry("LU", 20),
          Map.entry("LV", 21),
          Map.entry("MC", 27),
          Map.entry("MD", 24),
          Map.entry("ME", 22),
          Map.entry("MK", 19),
          Map.entry("MR", 27),
          Map.entry("MT", 31),
          Map.entry("MU", 30),
          Map.entry("NL", 18),
          Map.entry("NO", 15),
          Map.entry("PK", 24),
          Map.entry("PL", 28),
          Map.entry("PS", 29),
          Map.entry("PT", 25),
          Map.entry("QA", 29),
          Map.entry("RO", 24),
          Map.entry("RS", 22),
          Map.entry("SA", 24),
          Map.entry("SE", 24),
          Map.entry("SI", 19),
          Map.entry("SK", 24),
          Map.entry("SM", 27),
          Map.entry("TN", 24),
          Map.entry("TR", 26),
          Map.entry("UA", 29),
          Map.entry("VG", 24),
          Map.entry("XK", 20));

  IbanDetector() {
    // Cut before a space: "GB82 WEST 1234 5698 7654 32 EUR" first matches with " EUR".
    super(EntityType.IBAN, CANDIDATE, " ");
  }

  /**
   * Tried only where two upper-case letters and two digits start a word and the groups after them
   * can end the match; that check also spares the pattern its backtracking through every way to cut
   * a long run of letters and digits into groups.
   */
  @Override
  int nextStart(String text, int from) {
    int n = text.length();
    int i = from;
    while (i + 3 < n) {
      char c3 = text.charAt(i + 3);
      if (!upperOrDigit(c3)) {
        i += 4; // a start at i, i+1, i+2 or i+3 would need an upper-case letter or a digit there
        continue;
      }
      char c = text.charAt(i);
      if (c >= 'A'
          && c <= 'Z'
          && upper(text.charAt(i + 1))
          && digit(text.charAt(i + 2))
          && digit(text.charAt(i + 3))
          && (i == 0 || !asciiLetterOrDigit(text.charAt(i - 1)))
          && groupsCanEnd(text, i + 4)) {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean upperOrDigit(char c) {
    return upper(c) || digit(c);
  }

  /**
   * Whether {@code (?: ?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9])} matches at {@code at}: runs of
   * upper-case letters and digits, one space apart (the first space optional), that can be cut into
   * 3 to 8 groups of 1 to 4 and end before no letter or digit.
   */
  static boolean groupsCanEnd(String text, int at) {
    int n = text.length();
    int i = at < n && text.charAt(at) == ' ' ? at + 1 : at;
    int fewestGroups = 0;
    int characters = 0;
    while (true) {
      int runStart = i;
      while (i < n && upperOrDigit(text.charAt(i))) {
        i++;
      }
      int run = i - runStart;
      if (run == 0) {
        return false;
      }
      fewestGroups += (run + 3) / 4;
      characters += run;
      if (fewestGroups > 8) {
        return false;
      }
      if (characters >= 3 && (i == n || !asciiLetterOrDigit(text.charAt(i)))) {
        return true;
      }
      if (i + 1 < n && text.charAt(i) == ' ' && upperOrDigit(text.charAt(i + 1))) {
        i++;
      } else {
        return false;
      }
    }
  }

  @Override
  boolean isValid(String candidate) {
    String iban = candidate.replace(" ", "");
    if (iban.length() < 5) {
      return false;
    }
    Integer expected = LENGTHS.get(iban.substring(0, 2));
    return expected != null && iban.length() == expected && mod97(iban) == 1;
  }

  static int mod97(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
  }
}
