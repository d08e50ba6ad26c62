package io.tributary.redact.ids;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One validator per national identifier, by the name {@code national-ids.yaml} refers to it with:
 * the check digits and the structure that the issuing authority publishes. Each takes the compact
 * form (letters and digits only, upper case) of a candidate of the right length and says whether it
 * could have been issued. Pure functions, thread-safe.
 */
public final class IdValidators {

  private IdValidators() {}

  private static final Map<String, Predicate<String>> BY_NAME =
      Map.ofEntries(
          Map.entry("uk-nino", IdValidators::ukNino),
          Map.entry("uk-nhs", IdValidators::ukNhs),
          Map.entry("fr-nir", IdValidators::frNir),
          Map.entry("de-steuer-id", IdValidators::deSteuerId),
          Map.entry("it-codice-fiscale", IdValidators::itCodiceFiscale),
          Map.entry("es-dni", IdValidators::esDni),
          Map.entry("es-nie", IdValidators::esNie),
          Map.entry("pt-nif", IdValidators::ptNif),
          Map.entry("nl-bsn", IdValidators::nlBsn),
          Map.entry("be-national-number", IdValidators::beNationalNumber),
          Map.entry("se-personnummer", IdValidators::sePersonnummer),
          Map.entry("dk-cpr", IdValidators::dkCpr),
          Map.entry("no-fodselsnummer", IdValidators::noFodselsnummer),
          Map.entry("fi-hetu", IdValidators::fiHetu),
          Map.entry("pl-pesel", IdValidators::plPesel),
          Map.entry("br-cpf", IdValidators::brCpf),
          Map.entry("ca-sin", IdValidators::caSin),
          Map.entry("au-tfn", IdValidators::auTfn),
          Map.entry("in-aadhaar", IdValidators::inAadhaar),
          Map.entry("in-pan", IdValidators::inPan),
          Map.entry("sg-nric", IdValidators::sgNric),
          Map.entry("us-ssn", IdValidators::usSsn),
          Map.entry("document-number", IdValidators::documentNumber));

  /** The validator of that name; an unknown name fails (a rule file naming none is a bug). */
  public static Predicate<String> named(String name) {
    Predicate<String> v = BY_NAME.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no identifier validator named " + name);
    }
    return v;
  }

  private static int d(String s, int i) {
    return s.charAt(i) - '0';
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String s) {
    return digits(s, 0, s.length());
  }

  private static boolean sameDigit(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != first) {
        return false;
      }
    }
    return true;
  }

  private static boolean date(int year, int month, int day) {
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** A two-digit year that is a valid date in some century: 1900s or 2000s. */
  private static boolean dateAnyCentury(int yy, int month, int day) {
    return date(1900 + yy, month, day) || date(2000 + yy, month, day);
  }

  /** Luhn (ISO/IEC 7812-1) over all digits. */
  static boolean luhn(String s) {
    int sum = 0;
    boolean twice = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      int v = d(s, i);
      if (twice) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  private static final Set<String> NINO_UNUSED_PREFIXES =
      Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

  /**
   * UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, suffix A-D; D, F,
   * I, Q, U, V never in the prefix, O never second; BG, GB, KN, NK, NT, TN, ZZ not allocated.
   */
  static boolean ukNino(String s) {
    if (s.length() != 9 || !digits(s, 2, 8)) {
      return false;
    }
    char a = s.charAt(0);
    char b = s.charAt(1);
    char suffix = s.charAt(8);
    return a >= 'A'
        && a <= 'Z'
        && b >= 'A'
        && b <= 'Z'
        && "DFIQUV".indexOf(a) < 0
        && "DFIOQUV".indexOf(b) < 0
        && !NINO_UNUSED_PREFIXES.contains(s.substring(0, 2))
        && suffix >= 'A'
        && suffix <= 'D';
  }

  /** NHS number (NHS Data Dictionary): ten digits, modulus 11 with weights 10..2; 10 is invalid. */
  static boolean ukNhs(String s) {
    if (s.length() != 10 || !allDigits(s) || sameDigit(s)) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += d(s, i) * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == d(s, 9);
  }

  /**
   * French NIR (INSEE): sex, year, month (01-12, 20-42 or 50-99 when unknown), department (01-99,
   * 2A, 2B), commune, order, key = 97 - (number mod 97), with 2A read as 19 and 2B as 18.
   */
  static boolean frNir(String s) {
    if (s.length() != 15) {
      return false;
    }
    String dept = s.substring(5, 7);
    String number;
    if (dept.equals("2A")) {
      number = s.substring(0, 5) + "19" + s.substring(7, 13);
    } else if (dept.equals("2B")) {
      number = s.substring(0, 5) + "18" + s.substring(7, 13);
    } else {
      number = s.substring(0, 13);
    }
    if (!allDigits(number) || !digits(s, 13, 15)) {
      return false;
    }
    int sex = d(s, 0);
    int month = Integer.parseInt(s.substring(3, 5));
    boolean monthOk = (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
    if ((sex != 1 && sex != 2 && sex != 3 && sex != 4 && sex != 7 && sex != 8) || !monthOk) {
      return false;
    }
    long n = Long.parseLong(number);
    return 97 - n % 97 == Integer.parseInt(s.substring(13));
  }

  /**
   * German tax identification number (BZSt, § 139b AO): eleven digits, no leading zero; in the
   * first ten, one digit occurs two or three times, the others at most once; check digit by ISO/IEC
   * 7064 MOD 11,10.
   */
  static boolean deSteuerId(String s) {
    if (s.length() != 11 || !allDigits(s) || s.charAt(0) == '0') {
      return false;
    }
    int[] seen = new int[10];
    for (int i = 0; i < 10; i++) {
      seen[d(s, i)]++;
    }
    int repeated = 0;
    for (int count : seen) {
      if (count > 3) {
        return false;
      }
      repeated += count >= 2 ? 1 : 0;
    }
    if (repeated != 1) {
      return false;
    }
    int product = 10;
    for (int i = 0; i < 10; i++) {
      int sum = (d(s, i) + product) % 10;
      if (sum == 0) {
        sum = 10;
      }
      product = sum * 2 % 11;
    }
    int check = 11 - product;
    return (check == 10 ? 0 : check) == d(s, 10);
  }

  private static final int[] CF_ODD = {
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
  };
  private static final String CF_MONTHS = "ABCDEHLMPRST";
  private static final String CF_OMOCODIA = "LMNPQRSTUV";

  /**
   * Italian codice fiscale (DM 23/12/1976): six letters, year, month letter, day (41-71 for women),
   * municipality, check letter from the odd/even position tables; digits may be replaced by the
   * omocodia letters L-V.
   */
  static boolean itCodiceFiscale(String s) {
    if (s.length() != 16) {
      return false;
    }
    StringBuilder plain = new StringBuilder(s);
    for (int i : new int[] {6, 7, 9, 10, 12, 13, 14}) {
      int o = CF_OMOCODIA.indexOf(s.charAt(i));
      if (o >= 0) {
        plain.setCharAt(i, (char) ('0' + o));
      }
    }
    String p = plain.toString();
    for (int i : new int[] {0, 1, 2, 3, 4, 5, 8, 11, 15}) {
      if (p.charAt(i) < 'A' || p.charAt(i) > 'Z') {
        return false;
      }
    }
    if (!digits(p, 6, 8) || !digits(p, 9, 11) || !digits(p, 12, 15)) {
      return false;
    }
    int day = Integer.parseInt(p.substring(9, 11));
    if (CF_MONTHS.indexOf(p.charAt(8)) < 0
        || !((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = s.charAt(i);
      int v = c <= '9' ? c - '0' : c - 'A';
      sum += i % 2 == 0 ? CF_ODD[v] : v;
    }
    return s.charAt(15) == 'A' + sum % 26;
  }

  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  /** Spanish DNI (Real Decreto 1553/2005): eight digits and the letter of their value mod 23. */
  static boolean esDni(String s) {
    return s.length() == 9
        && digits(s, 0, 8)
        && DNI_LETTERS.charAt(Integer.parseInt(s.substring(0, 8)) % 23) == s.charAt(8);
  }

  /** Spanish NIE: X, Y or Z (read as 0, 1, 2), seven digits, the DNI letter. */
  static boolean esNie(String s) {
    if (s.length() != 9 || "XYZ".indexOf(s.charAt(0)) < 0 || !digits(s, 1, 8)) {
      return false;
    }
    int n = Integer.parseInt("XYZ".indexOf(s.charAt(0)) + s.substring(1, 8));
    return DNI_LETTERS.charAt(n % 23) == s.charAt(8);
  }

  /**
   * Portuguese NIF (Autoridade Tributária): nine digits, first 1-3, 5, 6, 8 or 9 (45, 70-79, 90-99
   * for entities), check = 11 - weighted sum (9..2) mod 11, 10 and 11 read as 0.
   */
  static boolean ptNif(String s) {
    if (s.length() != 9 || !allDigits(s) || "123568945".indexOf(s.charAt(0)) < 0) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += d(s, i) * (9 - i);
    }
    int check = 11 - sum % 11;
    return (check >= 10 ? 0 : check) == d(s, 8);
  }

  /** Dutch BSN, the "elfproef": 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11, not zero. */
  static boolean nlBsn(String s) {
    if (s.length() != 9 || !allDigits(s) || sameDigit(s)) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += d(s, i) * (9 - i);
    }
    sum -= d(s, 8);
    return sum % 11 == 0 && sum != 0;
  }

  /**
   * Belgian national register number: YYMMDD, serial, check = 97 - (first nine digits mod 97); for
   * births from 2000, with a 2 before the nine digits. Month and day 00 (date unknown) and the
   * bis-number months (+20, +40) are allowed.
   */
  static boolean beNationalNumber(String s) {
    if (s.length() != 11 || !allDigits(s)) {
      return false;
    }
    int month = Integer.parseInt(s.substring(2, 4)) % 20;
    int day = Integer.parseInt(s.substring(4, 6));
    if (month > 12 || day > 31) {
      return false;
    }
    long nine = Long.parseLong(s.substring(0, 9));
    int check = Integer.parseInt(s.substring(9));
    return 97 - nine % 97 == check || 97 - (2_000_000_000L + nine) % 97 == check;
  }

  /**
   * Swedish personnummer (Skatteverket SKV 704): [YY]YYMMDD, birth number, Luhn check digit over
   * the last ten digits; day + 60 for a samordningsnummer.
   */
  static boolean sePersonnummer(String s) {
    if ((s.length() != 10 && s.length() != 12) || !allDigits(s)) {
      return false;
    }
    String ten = s.substring(s.length() - 10);
    int yy = Integer.parseInt(ten.substring(0, 2));
    int month = Integer.parseInt(ten.substring(2, 4));
    int day = Integer.parseInt(ten.substring(4, 6));
    if (day > 60) {
      day -= 60;
    }
    boolean dateOk =
        s.length() == 12
            ? date(Integer.parseInt(s.substring(0, 4)), month, day)
            : dateAnyCentury(yy, month, day);
    return dateOk && luhn(ten);
  }

  /**
   * Danish CPR number: DDMMYY and four digits. Since 2007 numbers without the modulus-11 check are
   * issued, so only the date is validated: a CPR needs context or its dash.
   */
  static boolean dkCpr(String s) {
    if (s.length() != 10 || !allDigits(s)) {
      return false;
    }
    return dateAnyCentury(
        Integer.parseInt(s.substring(4, 6)),
        Integer.parseInt(s.substring(2, 4)),
        Integer.parseInt(s.substring(0, 2)));
  }

  /**
   * Norwegian fødselsnummer (Skatteetaten): DDMMYY, individual number, two modulus-11 check digits
   * (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2); D-numbers add 4 to the day's first digit,
   * H-numbers 4 to the month's.
   */
  static boolean noFodselsnummer(String s) {
    if (s.length() != 11 || !allDigits(s)) {
      return false;
    }
    int day = Integer.parseInt(s.substring(0, 2));
    int month = Integer.parseInt(s.substring(2, 4));
    if (day > 40) {
      day -= 40;
    }
    if (month > 40) {
      month -= 40;
    }
    if (!dateAnyCentury(Integer.parseInt(s.substring(4, 6)), month, day)) {
      return false;
    }
    int k1 = mod11(s, new int[] {3, 7, 6, 1, 8, 9, 4, 5, 2});
    int k2 = mod11(s, new int[] {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
    return k1 == d(s, 9) && k2 == d(s, 10);
  }

  private static int mod11(String s, int[] weights) {
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += d(s, i) * weights[i];
    }
    int k = 11 - sum % 11;
    return k == 11 ? 0 : k; // 10 never equals a digit
  }

  private static final String HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

  /**
   * Finnish henkilötunnus (DVV): DDMMYY, century sign (+, - Y X W V U, A B C D E F), individual
   * number, control character = (DDMMYYZZZ mod 31) in 0-9 A-Y without G I O Q Z.
   */
  static boolean fiHetu(String compact) {
    // Compacted, a HETU of the 1900s or 1800s has lost its '-' or '+': read it as '-'.
    String s =
        compact.length() == 10 ? compact.substring(0, 6) + '-' + compact.substring(6) : compact;
    if (s.length() != 11 || !digits(s, 0, 6) || !digits(s, 7, 10)) {
      return false;
    }
    char sign = s.charAt(6);
    int century;
    if (sign == '+') {
      century = 1800;
    } else if ("-YXWVU".indexOf(sign) >= 0) {
      century = 1900;
    } else if ("ABCDEF".indexOf(sign) >= 0) {
      century = 2000;
    } else {
      return false;
    }
    if (!date(
        century + Integer.parseInt(s.substring(4, 6)),
        Integer.parseInt(s.substring(2, 4)),
        Integer.parseInt(s.substring(0, 2)))) {
      return false;
    }
    long n = Long.parseLong(s.substring(0, 6) + s.substring(7, 10));
    return HETU_CHECK.charAt((int) (n % 31)) == s.charAt(10);
  }

  /**
   * Polish PESEL: YYMMDD (month + 80, 0, 20, 40, 60 by century), serial, check = (10 - weighted sum
   * (1 3 7 9 ...) mod 10) mod 10.
   */
  static boolean plPesel(String s) {
    if (s.length() != 11 || !allDigits(s)) {
      return false;
    }
    int mm = Integer.parseInt(s.substring(2, 4));
    int century = new int[] {1900, 2000, 2100, 2200, 1800}[mm / 20];
    if (!date(
        century + Integer.parseInt(s.substring(0, 2)),
        mm % 20,
        Integer.parseInt(s.substring(4, 6)))) {
      return false;
    }
    int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += d(s, i) * w[i];
    }
    return (10 - sum % 10) % 10 == d(s, 10);
  }

  /** Brazilian CPF (Receita Federal): nine digits and two modulus-11 check digits; not all same. */
  static boolean brCpf(String s) {
    if (s.length() != 11 || !allDigits(s) || sameDigit(s)) {
      return false;
    }
    for (int k = 9; k <= 10; k++) {
      int sum = 0;
      for (int i = 0; i < k; i++) {
        sum += d(s, i) * (k + 1 - i);
      }
      if (sum * 10 % 11 % 10 != d(s, k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Canadian SIN (ESDC): nine digits, Luhn; 8 is not a first digit (0 is, on ESDC's own example).
   */
  static boolean caSin(String s) {
    return s.length() == 9 && allDigits(s) && s.charAt(0) != '8' && luhn(s);
  }

  /** Australian TFN (ATO): nine digits, weights 1 4 3 7 5 8 6 9 10, sum a multiple of 11. */
  static boolean auTfn(String s) {
    if (s.length() != 9 || !allDigits(s) || sameDigit(s)) {
      return false;
    }
    int[] w = {1, 4, 3, 7, 5, 8, 6, 9, 10};
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += d(s, i) * w[i];
    }
    return sum % 11 == 0;
  }

  private static final int[][] VERHOEFF_D = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
    {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
    {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
  };
  private static final int[][] VERHOEFF_P = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
    {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
    {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
    {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
  };

  /** Verhoeff's dihedral check over all digits. */
  static boolean verhoeff(String s) {
    int c = 0;
    for (int i = 0; i < s.length(); i++) {
      c = VERHOEFF_D[c][VERHOEFF_P[i % 8][d(s, s.length() - 1 - i)]];
    }
    return c == 0;
  }

  /** Indian Aadhaar (UIDAI): twelve digits, the first 2-9, Verhoeff check digit. */
  static boolean inAadhaar(String s) {
    return s.length() == 12 && allDigits(s) && s.charAt(0) >= '2' && verhoeff(s);
  }

  /**
   * Indian PAN (Income Tax Department): five letters, the fourth the holder's status (P, C, H, F,
   * A, T, B, L, J, G), four digits, a letter. It has no published check: it needs context.
   */
  static boolean inPan(String s) {
    if (s.length() != 10 || !digits(s, 5, 9)) {
      return false;
    }
    for (int i : new int[] {0, 1, 2, 3, 4, 9}) {
      if (s.charAt(i) < 'A' || s.charAt(i) > 'Z') {
        return false;
      }
    }
    return "PCHFATBLJG".indexOf(s.charAt(3)) >= 0;
  }

  /**
   * Singapore NRIC/FIN (ICA): S, T, F, G or M, seven digits, a check letter from the weights 2 7 6
   * 5 4 3 2 mod 11, plus 4 for T and G and 3 for M. S and T take their letter from {@code
   * JZIHGFEDCBA}, F and G from {@code XWUTRQPNMLK}, and the M series (FINs issued from 2022) from
   * {@code XWUTRQPNJLK}: ICA publishes it as P = 11 - R1 indexing {@code KLJNPQRTUWX}, the same
   * table read backwards, with J where F and G have M.
   */
  static boolean sgNric(String s) {
    if (s.length() != 9 || "STFGM".indexOf(s.charAt(0)) < 0 || !digits(s, 1, 8)) {
      return false;
    }
    int[] w = {2, 7, 6, 5, 4, 3, 2};
    char series = s.charAt(0);
    int sum = series == 'T' || series == 'G' ? 4 : series == 'M' ? 3 : 0;
    for (int i = 0; i < 7; i++) {
      sum += d(s, i + 1) * w[i];
    }
    String letters =
        switch (series) {
          case 'S', 'T' -> "JZIHGFEDCBA";
          case 'M' -> "XWUTRQPNJLK";
          default -> "XWUTRQPNMLK";
        };
    return letters.charAt(sum % 11) == s.charAt(8);
  }

  /** US SSN without separators: area not 000, 666 or 9xx, group not 00, serial not 0000. */
  static boolean usSsn(String s) {
    if (s.length() != 9 || !allDigits(s)) {
      return false;
    }
    int area = Integer.parseInt(s.substring(0, 3));
    return area != 0
        && area != 666
        && area < 900
        && !s.startsWith("00", 3)
        && !s.startsWith("0000", 5);
  }

  /**
   * A passport or driving-licence number: no check is published across countries, so any letters
   * and digits with at least two digits (named by its context) that are not one digit repeated.
   */
  static boolean documentNumber(String s) {
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      digits += Character.isDigit(s.charAt(i)) ? 1 : 0;
    }
    return digits >= 2 && !sameDigit(s);
  }
}
