package io.tributary.redact;

import io.tributary.model.EntityType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a date that a birth word shortly before states to be one ({@code born on 12 March
 * 1984}, {@code DOB: 03/12/1984}, {@code Date of birth - 1984-03-12}, {@code geb. 12.03.1984},
 * {@code née le 12 mars 1984}). A date elsewhere is not a date of birth and is not reported.
 *
 * <p>Dates: ISO ({@code 1984-03-12}, also with {@code /} or {@code .}), numeric day and month in
 * either order with a 4- or 2-digit year ({@code 3/12/1984}, {@code 12.03.1984}, {@code 12-03-84}),
 * and with the month's English, German or French name or English abbreviation ({@code 12 March
 * 1984}, {@code 12th of Mar 1984}, {@code March 12, 1984}, {@code 12. März 1984}). The date must
 * exist in the calendar in at least one reading, and a 4-digit year must lie between 1880 and this
 * year.
 *
 * <p>Context: one of born, birth, birthday, birthdate, b-day, DOB, D.O.B., geb., geboren,
 * Geburtsdatum, Geburtstag, né, née, naissance, nacimiento ends at most {@value #WINDOW} characters
 * before the date, and nothing between the two is another date or a year, so the word belongs to
 * this date ({@code born in 1950; on 12/03/2020 she moved} reports neither), and the two are not in
 * different fields of a delimited row ({@code born.,Low,Email,2023-06-01}), and no negation between
 * them ({@code date of birth unknown; admitted 2023-06-01}). Not reported: a date of birth without
 * such a word (a bare {@code birthDate} field value; field policies handle those), a birth word
 * after the date, dates without a year.
 */
final class DateOfBirthDetector implements Detector {

  static final int WINDOW = 40;
  private static final int LONGEST_DATE = 48;

  private static final String MONTH_NAMES =
      "january|february|march|april|may|june|july|august|september|october|november|december"
          + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
          + "|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember"
          + "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre";

  private static final Pattern ISO = Pattern.compile(DateShapes.ISO);
  private static final Pattern NUMERIC = Pattern.compile(DateShapes.NUMERIC);
  private static final Pattern DAY_MONTH =
      Pattern.compile(
          "(?iu)(\\d{1,2})(?:st|nd|rd|th|er)?\\.?\\s+(?:of\\s+)?("
              + MONTH_NAMES
              + ")\\.?,?\\s+(\\d{4})");
  private static final Pattern MONTH_DAY =
      Pattern.compile("(?iu)(" + MONTH_NAMES + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})");

  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?<![\\w./-])(?:"
              + ISO.pattern()
              + "|"
              + NUMERIC.pattern().replace("\\2", "\\6")
              + ")(?![\\w]|[./-]\\d)"
              + "|(?<![\\w.])"
              + DAY_MONTH.pattern().replace("(?iu)", "")
              + "(?!\\w)"
              + "|(?<![\\p{L}])"
              + MONTH_DAY.pattern().replace("(?iu)", "")
              + "(?!\\w)",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  // Matched in the lower-cased text, only where the first letters of a birth word are.
  private static final Pattern CONTEXT =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(?:born|birth|birthday|birthdate|b-?day|dob|d\\.o\\.b\\.?|geb\\.|geboren"
              + "|geburtsdatum|geburtstag|née|né|nee|naissance|nacimiento)(?![\\p{L}\\p{N}])");
  // Between the birth word and the date: no other date, no year, no whole field of a delimited row.
  private static final Pattern FOREIGN =
      Pattern.compile(
          "\\d{4}|\\d{1,2}[./-]\\d{1,2}[./-]\\d|[,;|\\t]\\S*[,;|\\t]"
              + "|(?iu)(?<!\\p{L})(?:unknown|not|no|n/a|none|missing|withheld|unavailable|unbekannt|inconnue?)"
              + "(?!\\p{L})");

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("fév", 2),
          Map.entry("fev", 2),
          Map.entry("mar", 3),
          Map.entry("mär", 3),
          Map.entry("mae", 3),
          Map.entry("apr", 4),
          Map.entry("avr", 4),
          Map.entry("may", 5),
          Map.entry("mai", 5),
          Map.entry("jun", 6),
          Map.entry("jui", 7),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("aoû", 8),
          Map.entry("aou", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("okt", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12),
          Map.entry("dez", 12),
          Map.entry("déc", 12));

  @Override
  public EntityType type() {
    return EntityType.DATE_OF_BIRTH;
  }

  /**
   * Birth words are rare, dates are not: only the window after each birth word is searched for
   * dates. The pattern for birth words runs only where the first letters of one are.
   */
  @Override
  public List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    Matcher date = null;
    Matcher context = null;
    TextScan.Positions starts = BIRTH_WORD_STARTS.all(text);
    int n = text.length();
    int lastEnd = 0;
    int from = 0;
    for (int s = 0; s < starts.size(); s++) {
      // CONTEXT.find(from) in the lower-cased text
      int i = starts.get(s);
      if (i < from
          || (i > 0 && TextScan.asciiLetterOrDigit(text.charAt(i - 1)))
          || !birthWordAt(text, i)) {
        continue;
      }
      if (context == null) {
        context =
            CONTEXT
                .matcher(new TextScan.LowerCased(text))
                .useTransparentBounds(true)
                .useAnchoringBounds(false);
      }
      if (!context.region(i, n).lookingAt()) {
        continue;
      }
      int contextEnd = context.end();
      from = contextEnd;
      if (date == null) {
        date = CANDIDATE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      }
      date.region(contextEnd, Math.min(text.length(), contextEnd + WINDOW + LONGEST_DATE));
      while (date.find() && date.start() - contextEnd <= WINDOW) {
        if (date.start() >= lastEnd
            && isValid(date.group())
            && inBirthContext(text, date.start())) {
          findings.add(new Finding(date.start(), date.end(), EntityType.DATE_OF_BIRTH));
          lastEnd = date.end();
        }
      }
    }
    return findings;
  }

  /**
   * The first characters of every {@link #CONTEXT} word: bor(n), bir(th), bda(y), b-d(ay), dob,
   * d.o(.b.), geb(.|oren|urtsdatum|urtstag), né(e), nee, nai(ssance), nac(imiento).
   */
  private static final TextScan.Trigrams BIRTH_WORD_STARTS =
      new TextScan.Trigrams(
          "bor", "bir", "bda", "b-d", "dob", "d.o", "geb", "né", "nee", "nai", "nac");

  /** The words of {@link #CONTEXT}. */
  private static final String[] BIRTH_WORDS = {
    "born",
    "birth",
    "birthday",
    "birthdate",
    "bday",
    "b-day",
    "dob",
    "d.o.b",
    "geb.",
    "geboren",
    "geburtsdatum",
    "geburtstag",
    "née",
    "né",
    "nee",
    "naissance",
    "nacimiento"
  };

  /**
   * Whether a birth word starts at {@code i}, lower-cased, and no ASCII letter or digit follows it,
   * which the pattern's look-ahead needs ("need" is not "nee").
   */
  private static boolean birthWordAt(String text, int i) {
    for (String word : BIRTH_WORDS) {
      int end = i + word.length();
      if (TextScan.lowerCaseStartsWith(text, i, word)
          && (end == text.length() || !TextScan.asciiLetterOrDigit(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  static boolean isValid(String candidate) {
    Matcher m;
    if ((m = ISO.matcher(candidate)).matches()) {
      return exists(year(m.group(1)), num(m.group(3)), num(m.group(4)));
    }
    if ((m = NUMERIC.matcher(candidate)).matches()) {
      int a = num(m.group(1));
      int b = num(m.group(3));
      int y = year(m.group(4));
      return exists(y, a, b) || exists(y, b, a);
    }
    if ((m = DAY_MONTH.matcher(candidate)).matches()) {
      return exists(year(m.group(3)), month(m.group(2)), num(m.group(1)));
    }
    if ((m = MONTH_DAY.matcher(candidate)).matches()) {
      return exists(year(m.group(3)), month(m.group(1)), num(m.group(2)));
    }
    return false;
  }

  /**
   * The last birth word ending within the window before the date, with nothing date-like between.
   */
  static boolean inBirthContext(String text, int dateStart) {
    // One character more than the window, so the word-boundary look-behind sees what precedes it.
    int before = Math.max(0, dateStart - WINDOW - 25);
    String lower = TextScan.lowerCaseAligned(text.substring(before, dateStart));
    Matcher m =
        CONTEXT
            .matcher(lower)
            .useTransparentBounds(true)
            .region(Math.min(lower.length(), before == 0 ? 0 : 1), lower.length());
    int lastEnd = -1;
    while (m.find()) {
      lastEnd = m.end();
    }
    if (lastEnd < 0 || lower.length() - lastEnd > WINDOW) {
      return false;
    }
    String gap = lower.substring(lastEnd);
    return gap.chars().filter(c -> c == '\n').count() <= 1 && !FOREIGN.matcher(gap).find();
  }

  private static int num(String s) {
    return Integer.parseInt(s);
  }

  /** A 4-digit year as is; a 2-digit year in the century that puts it in the past. */
  private static int year(String s) {
    int y = Integer.parseInt(s);
    if (s.length() == 2) {
      int now = LocalDate.now(ZoneOffset.UTC).getYear();
      y += 2000;
      if (y > now) {
        y -= 100;
      }
    }
    return y;
  }

  private static int month(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    Integer m = MONTHS.get(n.substring(0, 3));
    if (n.startsWith("juin") || n.startsWith("june") || n.equals("jun") || n.startsWith("juni")) {
      return 6;
    }
    if (n.startsWith("mars") || n.startsWith("march")) {
      return 3;
    }
    return m == null ? 0 : m;
  }

  private static boolean exists(int year, int month, int day) {
    if (year < 1880 || year > LocalDate.now(ZoneOffset.UTC).getYear()) {
      return false;
    }
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
