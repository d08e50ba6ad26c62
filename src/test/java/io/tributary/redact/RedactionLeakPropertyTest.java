package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.FieldAction;
import io.tributary.model.EntityType;
import io.tributary.model.RedactedRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property: for many generated records that plant known sensitive values in fields, text and
 * metadata, in varied formats and next to varied punctuation, no planted value appears anywhere in
 * the redacted output. The generator is seeded, so a failure reproduces.
 */
class RedactionLeakPropertyTest {

  private static final int RECORDS = 2_000;
  private static final long SEED = 20_240_115L;

  private static final String[] WORDS = {
    "customer",
    "asked",
    "about",
    "the",
    "invoice",
    "please",
    "update",
    "account",
    "order",
    "shipped",
    "refund",
    "ticket",
    "status",
    "version",
    "1.2.3",
    "on",
    "2024-01-15",
    "total",
    "12345",
    "qty",
    "7"
  };
  private static final String[] BEFORE = {" ", " (", " <", "\n", ": ", " \"", ", ", "\t", " ["};
  private static final String[] AFTER = {
    "", ")", ">", ".", ",", ";", ":", "\n", "\"", "!", "?", "]", "-"
  };

  private final Random random = new Random(SEED);
  private final DetectingRedactor redactor = Fixtures.redactor();

  private record Planted(EntityType type, String value) {}

  /**
   * Marks where the value starts in what a generator plants, when words that make it a value come
   * first ({@code password=}, {@code born on}); only the value must not leak.
   */
  private static final char VALUE_STARTS = '\u0001';

  @Test
  void should_leak_no_planted_sensitive_value_into_any_redacted_output() {
    Map<EntityType, Function<Random, String>> generators = generators();
    EnumMap<EntityType, Integer> planted = new EnumMap<>(EntityType.class);
    List<String> leaks = new ArrayList<>();

    for (int i = 0; i < RECORDS; i++) {
      List<Planted> values = new ArrayList<>();
      Map<String, String> fields = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      fields.put("subject", sentence(generators, values));
      fields.put("contact", sentence(generators, values));
      metadata.put("author", sentence(generators, values));
      String text = sentence(generators, values) + "\n\n" + sentence(generators, values);
      FieldAction textAction = random.nextBoolean() ? FieldAction.MASK : FieldAction.HASH;

      RedactedRecord r =
          redactor.redact(
              Fixtures.record(fields, text, metadata), Fixtures.settings(Map.of(), textAction));

      String output =
          String.join("\u0000", r.fields().values())
              + "\u0000"
              + r.text()
              + "\u0000"
              + String.join("\u0000", r.metadata().values());
      for (Planted p : values) {
        planted.merge(p.type(), 1, Integer::sum);
        if (output.contains(p.value())) {
          leaks.add(p.type() + " " + p.value());
        }
      }
    }

    int total = planted.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("planted %d values %s, leaked %d%n", total, planted, leaks.size());
    assertThat(planted).containsOnlyKeys(generators.keySet());
    assertThat(total).isGreaterThan(RECORDS * 5);
    assertThat(leaks).as("leaked values").isEmpty();
  }

  /** Filler words and zero to two planted values, each between random punctuation. */
  private String sentence(
      Map<EntityType, Function<Random, String>> generators, List<Planted> values) {
    List<EntityType> types = new ArrayList<>(generators.keySet());
    StringBuilder s = new StringBuilder(word());
    int plants = 1 + random.nextInt(2);
    for (int i = 0; i < plants; i++) {
      s.append(' ').append(word()).append(' ').append(word());
      EntityType type = types.get(random.nextInt(types.size()));
      String plant = generators.get(type).apply(random);
      String value = plant.substring(plant.indexOf(VALUE_STARTS) + 1);
      values.add(new Planted(type, value));
      s.append(pick(BEFORE))
          .append(plant.replace(String.valueOf(VALUE_STARTS), ""))
          .append(pick(AFTER))
          .append(' ')
          .append(word());
    }
    return s.toString();
  }

  private String word() {
    return pick(WORDS);
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static Map<EntityType, Function<Random, String>> generators() {
    Map<EntityType, Function<Random, String>> g = new EnumMap<>(EntityType.class);
    g.put(EntityType.EMAIL, RedactionLeakPropertyTest::email);
    g.put(EntityType.PHONE, RedactionLeakPropertyTest::phone);
    g.put(EntityType.CREDIT_CARD, RedactionLeakPropertyTest::card);
    g.put(EntityType.US_SSN, RedactionLeakPropertyTest::ssn);
    g.put(EntityType.IBAN, RedactionLeakPropertyTest::iban);
    g.put(EntityType.IP_ADDRESS, RedactionLeakPropertyTest::ip);
    g.put(EntityType.SECRET, RedactionLeakPropertyTest::secret);
    g.put(EntityType.DATE_OF_BIRTH, RedactionLeakPropertyTest::dateOfBirth);
    return g;
  }

  private static String digits(Random r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + r.nextInt(10)));
    }
    return s.toString();
  }

  private static String letters(Random r, String alphabet, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  static String email(Random r) {
    String local = letters(r, "abcdefghijklmnopqrstuvwxyz", 1 + r.nextInt(8));
    switch (r.nextInt(4)) {
      case 0 -> local += "." + letters(r, "abcdefghij", 3);
      case 1 -> local += "+" + letters(r, "tagxyz", 4);
      case 2 -> local += digits(r, 4);
      default -> {}
    }
    String domain = letters(r, "abcdefghijklmnop", 3 + r.nextInt(6));
    if (r.nextBoolean()) {
      domain = letters(r, "mailsrv", 4) + "." + domain;
    }
    String[] tlds = {"com", "org", "co.uk", "de", "io", "museum"};
    String address = local + "@" + domain + "." + tlds[r.nextInt(tlds.length)];
    return r.nextInt(5) == 0 ? address.toUpperCase() : address;
  }

  static String phone(Random r) {
    String area = String.valueOf(2 + r.nextInt(8)) + digits(r, 2);
    String exchange = String.valueOf(2 + r.nextInt(8)) + digits(r, 2);
    return switch (r.nextInt(9)) {
      case 0 -> "+44 20 " + digits(r, 4) + " " + digits(r, 4);
      case 1 -> "(" + area + ") " + exchange + "-" + digits(r, 4);
      case 2 -> area + "-" + exchange + "-" + digits(r, 4);
      case 3 -> "+1 " + area + " " + exchange + " " + digits(r, 4);
      case 4 -> "0" + (1 + r.nextInt(9)) + digits(r, 1) + " " + digits(r, 4) + " " + digits(r, 4);
      case 5 -> "+49 30 " + digits(r, 8);
      case 6 ->
          "0"
              + (1 + r.nextInt(9))
              + "."
              + digits(r, 2)
              + "."
              + digits(r, 2)
              + "."
              + digits(r, 2)
              + "."
              + digits(r, 2);
      case 7 -> "1-800-" + exchange + "-" + digits(r, 4);
      default -> area + "." + exchange + "." + digits(r, 4);
    };
  }

  static String card(Random r) {
    String[] prefixes = {"4", "51", "55", "2221", "34", "37", "6011", "65", "3530", "36"};
    String prefix = prefixes[r.nextInt(prefixes.length)];
    int length =
        prefix.startsWith("3") && !prefix.startsWith("35") ? (prefix.equals("36") ? 14 : 15) : 16;
    String body = prefix + digits(r, length - 1 - prefix.length());
    String number = body + luhnCheckDigit(body);
    if (length == 16 && r.nextBoolean()) {
      String sep = r.nextBoolean() ? " " : "-";
      return String.join(
          sep,
          number.substring(0, 4),
          number.substring(4, 8),
          number.substring(8, 12),
          number.substring(12));
    }
    return number;
  }

  static char luhnCheckDigit(String body) {
    int sum = 0;
    boolean doubleIt = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int d = body.charAt(i) - '0';
      if (doubleIt) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  static String ssn(Random r) {
    int area;
    do {
      area = 1 + r.nextInt(899);
    } while (area == 666);
    String sep = r.nextInt(4) == 0 ? " " : "-";
    return String.format(
        "%03d%s%02d%s%04d", area, sep, 1 + r.nextInt(99), sep, 1 + r.nextInt(9999));
  }

  static String iban(Random r) {
    String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    String[][] countries = {
      {"GB", letters(r, upper, 4) + digits(r, 14)},
      {"DE", digits(r, 18)},
      {"NL", letters(r, upper, 4) + digits(r, 10)},
      {"FR", digits(r, 10) + letters(r, upper + "0123456789", 11) + digits(r, 2)}
    };
    String[] c = countries[r.nextInt(countries.length)];
    String iban = c[0] + checkDigits(c[0], c[1]) + c[1];
    return r.nextBoolean() ? iban : iban.replaceAll("(.{4})(?!$)", "$1 ");
  }

  private static String checkDigits(String country, String bban) {
    String rearranged = bban + country + "00";
    StringBuilder numeric = new StringBuilder();
    for (char ch : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
    }
    int mod =
        new java.math.BigInteger(numeric.toString())
            .mod(java.math.BigInteger.valueOf(97))
            .intValue();
    return String.format("%02d", 98 - mod);
  }

  static String ip(Random r) {
    return switch (r.nextInt(4)) {
      case 0, 1 ->
          (1 + r.nextInt(254))
              + "."
              + r.nextInt(256)
              + "."
              + r.nextInt(256)
              + "."
              + (1 + r.nextInt(254));
      case 2 ->
          "2001:db8:"
              + Integer.toHexString(r.nextInt(65536))
              + "::"
              + Integer.toHexString(1 + r.nextInt(65535));
      default -> {
        StringBuilder s = new StringBuilder(Integer.toHexString(0x2000 + r.nextInt(0x1000)));
        for (int i = 0; i < 7; i++) {
          s.append(':').append(String.format("%04x", r.nextInt(65536)));
        }
        yield s.toString();
      }
    };
  }

  /**
   * A credential in one of the formats the secret detector knows, with its key word where it needs
   * one.
   */
  static String secret(Random r) {
    String v = VALUE_STARTS + "";
    return switch (r.nextInt(14)) {
      case 0 -> SecretSamples.awsKeyId(r);
      case 1 -> "aws_secret_access_key = " + v + SecretSamples.awsSecret(r);
      case 2 -> SecretSamples.githubToken(r);
      case 3 -> SecretSamples.githubPat(r);
      case 4 -> "glpat-" + SecretSamples.mixed(r, SecretSamples.ALNUM, 20);
      case 5 -> SecretSamples.slackToken(r);
      case 6 -> SecretSamples.jwt(r, true);
      case 7 ->
          SecretSamples.privateKey(r, new String[] {"", "RSA ", "EC ", "OPENSSH "}[r.nextInt(4)]);
      case 8 ->
          new String[] {"password=", "DB_PASSWORD: ", "passwd = ", "secret: "}[r.nextInt(4)]
              + v
              + SecretSamples.password(r);
      case 9 -> "api_key=\"" + v + SecretSamples.mixed(r, SecretSamples.HEX, 32) + "\"";
      case 10 -> "Authorization: Bearer " + v + SecretSamples.mixed(r, SecretSamples.ALNUM, 32);
      case 11 ->
          "postgres://app:"
              + v
              + SecretSamples.mixed(r, SecretSamples.ALNUM, 12)
              + "@db.internal:5432/orders";
      case 12 -> "token " + v + SecretSamples.mixed(r, SecretSamples.B64, 40);
      default -> SecretSamples.slackWebhook(r);
    };
  }

  /** A date of birth in one of the formats read, after a birth word. */
  static String dateOfBirth(Random r) {
    int year = 1930 + r.nextInt(75);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    String[] months = {
      "January",
      "February",
      "March",
      "April",
      "May",
      "June",
      "July",
      "August",
      "September",
      "October",
      "November",
      "December"
    };
    String date =
        switch (r.nextInt(5)) {
          case 0 -> String.format("%04d-%02d-%02d", year, month, day);
          case 1 -> month + "/" + day + "/" + year;
          case 2 -> String.format("%02d.%02d.%04d", day, month, year);
          case 3 -> day + " " + months[month - 1] + " " + year;
          default -> months[month - 1] + " " + day + ", " + year;
        };
    String[] context = {"born on ", "DOB: ", "date of birth ", "Birthday: ", "geb. "};
    return context[r.nextInt(context.length)] + VALUE_STARTS + date;
  }
}
