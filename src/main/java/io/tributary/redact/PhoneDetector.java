package io.tributary.redact;

import static io.tributary.redact.TextScan.countDigits;
import static io.tributary.redact.TextScan.digit;
import static io.tributary.redact.TextScan.digitsEnd;
import static io.tributary.redact.TextScan.wordChar;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers in international ({@code +44 20 7946 0958}, {@code +46 (0)8 928 571 38}, {@code
 * 0044 20 7946 0958}) and common national formats ({@code (555) 123-4567}, {@code 555-123-4567},
 * {@code 1-800-345-2216}, {@code 030 1234 5678}, {@code 08-123 45 67}, {@code 01.84.17.61.18},
 * {@code 0494 92 82 32}, {@code 467 3395}), with an optional extension ({@code x4587}, {@code ext.
 * 12}).
 *
 * <p>A number needs separators, a leading {@code +} or parentheses, so that plain integers
 * (amounts, ids) are left alone, unless a label right before or after it says it is a phone ({@code
 * Fax: 9498777106}, {@code call me at 5551234567}, {@code 3660170548-Fax}); it has 7 to 15 digits
 * as E.164 allows (at most 12 without a country code). Separators are consistent: spaces and dashes
 * (dashes only before spaces when mixed, as in {@code 08-123 45 67}), or only dots (three groups or
 * more), or one slash after a {@code 0} area code. Parentheses hold only a leading area code or,
 * after a country code, a trunk prefix.
 *
 * <p>Rejected as numbers that are not phones: dates ({@code 2024-01-15}, {@code 15.01.2024}, also
 * when a time follows), citations with a year in parentheses ({@code (1953) 662}), ZIP+4 codes
 * ({@code 98122-1234}), years and year ranges ({@code 2019-2020}), page and number ranges ({@code
 * 1129-1130}), fractions ({@code 348/1335}), decimals ({@code 51.14557}), thousands-grouped amounts
 * ({@code 1 234 567}, {@code 12.345.678}, {@code 10 000 000}), lists of small numbers ({@code 15 16
 * 17 18 19 20}), and house numbers: a national number followed by a street ({@code 224 4966 Bond
 * Street}, {@code 636 1812 Rue De La Gare}) or after a unit ({@code Suite 913 0547}). Still
 * reported, being indistinguishable: three-four groups such as a confidence interval {@code
 * 427-4471}.
 */
final class PhoneDetector extends RegexDetector {

  private static final String SEPARATOR =
      "(?:[ .-]|/ ?| ?\\(\\d{1,4}\\) ?|[.-]\\(\\d{1,4}\\)[.-]?)";
  private static final Pattern CANDIDATE =
      Pattern.compile(
          // not inside a word or number, nor after "gm-tr-", "doi.", "2.": codes and decimals
          "(?<![\\w+])(?<!\\w[-./])"
              + "(?:\\+ ?)?(?:\\(\\d{1,5}\\) ?)?\\d{1,15}(?:"
              + SEPARATOR
              + "\\d{1,10}){0,7}"
              + "(?: ?(?:[xX]|[eE]xt\\.? ?)\\d{1,6})?"
              // not followed by a word, a joined number ("-12") or a decimal/time/date continuation
              + "(?!\\w|-\\d|[.:/]\\d)");

  private static final Pattern EXTENSION = Pattern.compile(" ?(?:[xX]|[eE]xt\\.? ?)\\d{1,6}$");
  private static final Pattern LABEL =
      Pattern.compile(
          "(?i)\\b(?:phone|tel|telephone|fax|mobile|cell|desk|whatsapp|sms|call(?: me)?(?: at|"
              + " on)?)(?:\\s*(?:no|nr|number|#)\\.?)?\\s*[:.#-]?\\s*$");
  private static final int LABEL_WINDOW = 32;
  // A label right after a bare number: "3660170548-Fax", "5551234567 (mobile)".
  private static final Pattern LABEL_AFTER =
      Pattern.compile(
          "(?i)^ ?[-(]? ?(?:phone|tel|telephone|fax|mobile|cell|office|home|work|whatsapp)\\b");
  // An address, not a phone: a street follows ("224 4966 Bond Street", "636 1812 Rue De La Gare",
  // "5720 Skoanveien") or a unit precedes ("Suite 913 0547").
  private static final Pattern STREET_AFTER =
      Pattern.compile(
          "^[ \\t]+(?:(?:\\p{Lu}[\\p{L}'’-]*\\.?[ \\t]+){0,3}"
              + "(?:St|Street|Rd|Road|Ave|Avenue|Dr|Drive|Ln|Lane|Blvd|Boulevard|Way|Ct|Court|Pl|Place|Ter"
              + "|Terrace|Pkwy|Parkway|Hwy|Highway|Sq|Square|Cres|Crescent)\\b"
              + "|(?:Rue|Via|Calle|Avenida|Rua|Chemin|Strada)\\b"
              + "|\\p{Lu}\\p{L}*(?:veien|vej|gate|gatan|vägen|straße|strasse|weg|laan|straat|gasse|platz)\\b)");
  private static final Pattern UNIT_BEFORE =
      Pattern.compile("(?i)\\b(?:apt|apartment|suite|ste|unit|flat)\\.?\\s*$");

  PhoneDetector() {
    super(EntityType.PHONE, CANDIDATE, " .-/(xXe");
  }

  /**
   * Tried only at a digit, {@code +} or {@code (} that the pattern's look-behinds allow (not after
   * a word character or {@code +}, nor after a word character and one of {@code - . /}) and that
   * starts the seven digits a phone number has at least.
   */
  @Override
  int nextStart(String text, int from) {
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if ((c > '9' || c < '0') && c != '+' && c != '(') {
        continue;
      }
      if (i > 0) {
        char b = text.charAt(i - 1);
        if (wordChar(b) || b == '+') {
          continue;
        }
        if (i > 1 && (b == '-' || b == '.' || b == '/') && wordChar(text.charAt(i - 2))) {
          continue;
        }
      }
      if (sevenDigits(text, i) && !dateAt(text, i)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether seven digits follow among the characters a candidate is made of; fewer make neither a
   * valid number nor a valid prefix of one.
   */
  private static boolean sevenDigits(String text, int from) {
    int digits = 0;
    for (int i = from; i < text.length() && digits < 7; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (CANDIDATE_CHARACTERS.indexOf(c) < 0) {
        break;
      }
    }
    return digits >= 7;
  }

  /**
   * Whether a date starts here that makes every candidate from here a date, which {@link #isValid}
   * rejects: a year 19xx or 20xx, then {@code -}, {@code .} or {@code /}, 1-2 digits, the same
   * separator, 1-2 digits, and after them nothing that would make the next gap other than a space
   * (an extension is cut off before the date is looked at). The shortcut spares the pattern and the
   * validation at every date of a CSV export.
   */
  static boolean dateAt(String text, int i) {
    int n = text.length();
    int day = DateShapes.isoDateEnd(text, i);
    if (day < 0) {
      return false;
    }
    if (day == n) {
      return true;
    }
    char next = text.charAt(day);
    return next != '-'
        && next != '.'
        && next != '/'
        && next != '('
        && !(next == ' ' && day + 1 < n && text.charAt(day + 1) == '(');
  }

  /** What a candidate holds besides digits: separators, parentheses, {@code +}, an extension. */
  private static final String CANDIDATE_CHARACTERS = " .-/()+xXeEt";

  @Override
  boolean isValidAt(String text, int start, String candidate) {
    int end = start + candidate.length();
    if (plain(candidate)) {
      String before = text.substring(Math.max(0, start - LABEL_WINDOW), start);
      String after = text.substring(end, Math.min(text.length(), end + 64));
      return LABEL.matcher(before).find() || LABEL_AFTER.matcher(after).find();
    }
    // The shape first: it is cheap and rejects most candidates before the context is looked at.
    if (!isValid(candidate)) {
      return false;
    }
    boolean national = candidate.indexOf('+') < 0 && candidate.indexOf('(') < 0;
    if (national) {
      String before = text.substring(Math.max(0, start - LABEL_WINDOW), start);
      String after = text.substring(end, Math.min(text.length(), end + 64));
      return !(STREET_AFTER.matcher(after).find() || UNIT_BEFORE.matcher(before).find());
    }
    return true;
  }

  /** A bare run of 7 to 15 digits. */
  private static boolean plain(String candidate) {
    int n = candidate.length();
    return n >= 7 && n <= 15 && countDigits(candidate) == n;
  }

  @Override
  boolean isValid(String candidate) {
    // Cheap first: most failed candidates (runs of small numbers) have too few or too many digits;
    // at most "00", 15 significant digits and a 6-digit extension.
    int digits = countDigits(candidate);
    if (digits < 7 || digits > 23) {
      return false;
    }
    String number =
        candidate.indexOf('x') >= 0 || candidate.indexOf('X') >= 0 || candidate.indexOf('t') >= 0
            ? EXTENSION.matcher(candidate).replaceFirst("")
            : candidate;
    Parsed p = Parsed.of(number);
    if (p == null) {
      return false;
    }
    boolean plus = number.startsWith("+");
    String first = p.groups.get(0);
    boolean doubleZero = first.length() >= 3 && first.startsWith("00") && first.charAt(2) != '0';
    if (plus || doubleZero) {
      int significant = plus ? p.digits : p.digits - 2;
      return significant >= 7
          && significant <= 15
          && p.parenthesesOnlyAt(1)
          && p.separatorsConsistent(true, false)
          && p.shortGroupsOk();
    }
    return p.digits >= 7
        && p.digits <= 12
        && p.groups.size() >= 2
        && first.length() <= 5
        && !(p.leadingParenthesis && DateShapes.recentYear(first)) // "8 (1953) 662": a citation
        && p.parenthesesOnlyAt(0)
        && p.separatorsConsistent(false, first.startsWith("0"))
        && p.shortGroupsOk()
        && p.firstGroupOk()
        && p.twoGroupsOk()
        && p.smallGroupsOk()
        && !p.isDate()
        && !p.isYears()
        && !p.isThousands();
  }

  /** Digit groups and the gaps between them. */
  private static final class Parsed {
    final List<String> groups = new ArrayList<>();
    final List<String> gaps = new ArrayList<>();
    final boolean leadingParenthesis;
    int digits;

    private Parsed(boolean leadingParenthesis) {
      this.leadingParenthesis = leadingParenthesis;
    }

    static Parsed of(String number) {
      Parsed p = new Parsed(number.startsWith("(") || number.startsWith("+("));
      int n = number.length();
      int previousEnd = -1;
      int i = 0;
      while (i < n) {
        if (!digit(number.charAt(i))) {
          i++;
          continue;
        }
        int end = digitsEnd(number, i);
        if (previousEnd >= 0) {
          p.gaps.add(number.substring(previousEnd, i));
        }
        p.groups.add(number.substring(i, end));
        p.digits += end - i;
        previousEnd = end;
        i = end;
      }
      return p.groups.isEmpty() || previousEnd != n ? null : p;
    }

    private static boolean parenthesised(String gap) {
      return gap.indexOf('(') >= 0 || gap.indexOf(')') >= 0;
    }

    /** A parenthesised group only as group {@code index} (0: leading area code; 1: trunk). */
    boolean parenthesesOnlyAt(int index) {
      for (int i = 0; i < gaps.size(); i++) {
        String gap = gaps.get(i);
        boolean opens = gap.indexOf('(') >= 0;
        if (opens && i + 1 != index) {
          return false;
        }
      }
      return !leadingParenthesis || index == 0;
    }

    /**
     * Dots alone (three groups or more); otherwise spaces and dashes, mixed freely after a country
     * code ("+1 415-555-2671") and else only with the dashes first after a 0 area code ("08-123 45
     * 67"); a slash only as the first gap after a 0 area code.
     */
    boolean separatorsConsistent(boolean international, boolean trunkZero) {
      boolean dots = false;
      boolean dashes = false;
      boolean spaces = false;
      boolean dashAfterSpace = false;
      for (int i = 0; i < gaps.size(); i++) {
        String gap = gaps.get(i);
        if (parenthesised(gap)) {
          continue;
        }
        switch (gap) {
          case "." -> dots = true;
          case "-" -> {
            dashAfterSpace |= spaces;
            dashes = true;
          }
          case " " -> spaces = true;
          default -> {
            if (!gap.startsWith("/") || i != 0 || !(trunkZero || leadingParenthesis)) {
              return false;
            }
          }
        }
      }
      if (dots) {
        return !dashes && !spaces && groups.size() >= 3;
      }
      return !(dashes && spaces) || international || (trunkZero && !dashAfterSpace);
    }

    /** Single digits only as a country code, trunk or area code, never last. */
    boolean shortGroupsOk() {
      int single = 0;
      for (int i = 1; i < groups.size(); i++) {
        single += groups.get(i).length() == 1 ? 1 : 0;
      }
      return groups.get(groups.size() - 1).length() >= 2 && single <= 2;
    }

    /**
     * A one-digit first group only in parentheses ("(5) 555-3932") or as NANP's "1-800-345-2216".
     */
    boolean firstGroupOk() {
      if (groups.get(0).length() > 1 || leadingParenthesis) {
        return true;
      }
      return groups.get(0).equals("1")
          && groups.size() == 4
          && groups.get(1).length() == 3
          && groups.get(2).length() == 3
          && groups.get(3).length() == 4;
    }

    /**
     * Two groups without parentheses: after a 0 area code at least 9 digits (not a postal code like
     * 05454-876); else 3-4 ("467 3395", "555-1234"), or spaced 4-4 ("9472 7916") or 2-6 ("99
     * 668472"), and never a range ("1129-1130") or a year ("vol. 237 1956").
     */
    boolean twoGroupsOk() {
      if (groups.size() != 2 || leadingParenthesis) {
        return true;
      }
      String a = groups.get(0);
      String b = groups.get(1);
      String gap = gaps.get(0);
      if (a.startsWith("0")) {
        return digits >= 9;
      }
      if (DateShapes.recentYear(b)) {
        return false;
      }
      if (a.length() == 3 && b.length() == 4) {
        return true;
      }
      return gap.equals(" ")
          && ((a.length() == 4 && b.length() == 4) || (a.length() == 2 && b.length() == 6));
    }

    /**
     * Groups of at most two digits: after a 0 trunk ("01 84 17 61 18") or four dashed
     * ("28-64-27-85").
     */
    boolean smallGroupsOk() {
      for (String g : groups) {
        if (g.length() > 2) {
          return true;
        }
      }
      if (leadingParenthesis) {
        return true;
      }
      return groups.get(0).startsWith("0") || (groups.size() == 4 && allGaps("-"));
    }

    /** 2024-01-15, 15.01.2024, 01/15/24, 14-30-2016, alone or followed by a time. */
    boolean isDate() {
      if (groups.size() < 3 || !gaps.get(0).equals(gaps.get(1)) || !"-./".contains(gaps.get(0))) {
        return false;
      }
      if (groups.size() > 3 && !gaps.get(2).equals(" ")) {
        return false;
      }
      String a = groups.get(0);
      String b = groups.get(1);
      String c = groups.get(2);
      if (a.length() == 4 && b.length() <= 2 && c.length() <= 2) {
        return DateShapes.recentYear(a) || (DateShapes.month(b) && DateShapes.day(c));
      }
      if (a.length() <= 2 && b.length() <= 2) {
        return c.length() == 4
            || (c.length() == 2
                && ((DateShapes.day(a) && DateShapes.month(b))
                    || (DateShapes.month(a) && DateShapes.day(b))));
      }
      return false;
    }

    /** 2019 2020 2021, 2019-2020. */
    boolean isYears() {
      for (String g : groups) {
        if (!DateShapes.recentYear(g)) {
          return false;
        }
      }
      return true;
    }

    /** 1 234 567, 12.345.678, 10 000 000, 98122-1234 (ZIP+4). */
    boolean isThousands() {
      if (leadingParenthesis) {
        return false;
      }
      String first = groups.get(0);
      if (groups.size() == 2
          && gaps.get(0).equals("-")
          && first.length() == 5
          && groups.get(1).length() == 4) {
        return true;
      }
      boolean groupedByThree =
          first.length() <= 3
              && first.charAt(0) != '0'
              && restOfLength(3)
              && !gaps.isEmpty()
              && allGaps(gaps.get(0))
              && (gaps.get(0).equals(" ") || gaps.get(0).equals("."));
      return groupedByThree
          && (gaps.get(0).equals(".")
              || first.length() == 1
              || groups.get(groups.size() - 1).equals("000"));
    }

    /** Whether every gap is {@code gap}. */
    private boolean allGaps(String gap) {
      for (String g : gaps) {
        if (!g.equals(gap)) {
          return false;
        }
      }
      return true;
    }

    /** Whether every group after the first has {@code length} digits. */
    private boolean restOfLength(int length) {
      for (int i = 1; i < groups.size(); i++) {
        if (groups.get(i).length() != length) {
          return false;
        }
      }
      return true;
    }
  }
}
