package io.tributary.redact;

/**
 * The numeric date shapes that more than one detector knows: {@link DateOfBirthDetector} reports
 * them after a birth word, {@link PhoneDetector} rejects them as phone numbers. One place, so that
 * a shape the one learns the other does not miss.
 */
final class DateShapes {

  private DateShapes() {}

  /** ISO order with {@code - / .}: year, separator, month, the same separator, day. Groups 1-4. */
  static final String ISO = "(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})";

  /** Day and month either way, then a 4- or 2-digit year, with one separator twice. Groups 1-4. */
  static final String NUMERIC = "(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})";

  /** A separator of a numeric date. */
  static boolean separator(char c) {
    return c == '-' || c == '.' || c == '/';
  }

  /** Four digits from 1900 to 2099: a year rather than a number. */
  static boolean recentYear(String s) {
    return s.length() == 4 && (s.startsWith("19") || s.startsWith("20"));
  }

  /** A number of digits from 1 to 12. */
  static boolean month(String s) {
    int v = Integer.parseInt(s);
    return v >= 1 && v <= 12;
  }

  /** A number of digits from 1 to 31. */
  static boolean day(String s) {
    int v = Integer.parseInt(s);
    return v >= 1 && v <= 31;
  }

  /**
   * The end of an {@link #ISO} date with a {@link #recentYear} that starts at {@code i}, or -1:
   * read by hand, for a scan that asks at every run of digits.
   */
  static int isoDateEnd(String text, int i) {
    int n = text.length();
    int year = TextScan.digitsEnd(text, i);
    if (year - i != 4 || year >= n) {
      return -1;
    }
    char c0 = text.charAt(i);
    char c1 = text.charAt(i + 1);
    if (!((c0 == '1' && c1 == '9') || (c0 == '2' && c1 == '0'))) {
      return -1;
    }
    char separator = text.charAt(year);
    if (!separator(separator)) {
      return -1;
    }
    int month = TextScan.digitsEnd(text, year + 1);
    if (month == year + 1
        || month - year - 1 > 2
        || month >= n
        || text.charAt(month) != separator) {
      return -1;
    }
    int day = TextScan.digitsEnd(text, month + 1);
    if (day == month + 1 || day - month - 1 > 2) {
      return -1;
    }
    return day;
  }
}
