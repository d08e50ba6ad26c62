package io.tributary.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fake credentials in real formats, made at test time from a seeded {@link Random}, so that no
 * secret-shaped literal sits in the repository for a scanner or push protection to flag. Fixture
 * texts name them with macros: {@code {{ghp}}}, {@code {{hex:40}}}, {@code {{pem:RSA }}}.
 */
final class SecretSamples {

  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String ALNUM = UPPER + LOWER + DIGITS;
  static final String B64 = ALNUM + "+/";
  static final String HEX = "0123456789abcdef";

  private static final Pattern MACRO = Pattern.compile("\\{\\{([a-z0-9_]+)(?::([^}]*))?}}");

  private SecretSamples() {}

  /** A template with its macros replaced by generated values. */
  static String expand(String template, Random r) {
    Matcher m = MACRO.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(sample(m.group(1), m.group(2), r)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String sample(String name, String arg, Random r) {
    return switch (name) {
      case "aws_id" -> awsKeyId(r);
      case "aws_secret" -> awsSecret(r);
      case "ghp" -> githubToken(r);
      case "github_pat" -> githubPat(r);
      case "glpat" -> "glpat-" + chars(r, ALNUM + "_-", 20);
      case "slack" -> slackToken(r);
      case "slack_webhook" -> slackWebhook(r);
      case "jwt" -> jwt(r, true);
      case "jwt_noalg" -> jwt(r, false);
      case "pem" -> privateKey(r, arg);
      case "openai" -> "sk-proj-" + mixed(r, ALNUM, 48);
      case "bcrypt" -> "$2a$12$" + mixed(r, ALNUM + "./", 53);
      case "hex" -> mixed(r, HEX, Integer.parseInt(arg));
      case "b64" -> mixed(r, B64, Integer.parseInt(arg));
      case "alnum" -> mixed(r, ALNUM, Integer.parseInt(arg));
      default -> throw new IllegalArgumentException("unknown macro " + name);
    };
  }

  static String awsKeyId(Random r) {
    return (r.nextBoolean() ? "AKIA" : "ASIA") + mixed(r, UPPER + "234567", 16);
  }

  static String awsSecret(Random r) {
    return mixed(r, B64, 40);
  }

  static String githubToken(Random r) {
    return "gh" + "pousr".charAt(r.nextInt(5)) + "_" + mixed(r, ALNUM, 36);
  }

  static String githubPat(Random r) {
    return "github_pat_" + mixed(r, ALNUM, 22) + "_" + mixed(r, ALNUM, 59);
  }

  static String slackToken(Random r) {
    return "xox"
        + "bpa".charAt(r.nextInt(3))
        + "-"
        + chars(r, DIGITS, 11)
        + "-"
        + chars(r, DIGITS, 13)
        + "-"
        + mixed(r, ALNUM, 24);
  }

  static String slackWebhook(Random r) {
    return "https://hooks.slack.com/services/T"
        + mixed(r, UPPER + DIGITS, 8)
        + "/B"
        + mixed(r, UPPER + DIGITS, 10)
        + "/"
        + mixed(r, ALNUM, 24);
  }

  static String jwt(Random r, boolean withAlg) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        withAlg ? "{\"alg\":\"HS256\",\"typ\":\"JWT\"}" : "{\"typ\":\"JWT\",\"kid\":\"k1\"}";
    String payload =
        "{\"sub\":\""
            + chars(r, DIGITS, 10)
            + "\",\"iat\":"
            + (1_600_000_000 + r.nextInt(100_000_000))
            + "}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + mixed(r, ALNUM + "-_", 43);
  }

  /** A PEM private key block; {@code kind} is "", "RSA ", "EC ", "OPENSSH " or "PGP_BLOCK". */
  static String privateKey(Random r, String kind) {
    String label =
        "PGP_BLOCK".equals(kind)
            ? "PGP PRIVATE KEY BLOCK"
            : (kind == null ? "" : kind) + "PRIVATE KEY";
    StringBuilder s = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
    for (int i = 0; i < 4; i++) {
      s.append(mixed(r, B64, 64)).append('\n');
    }
    s.append(mixed(r, B64, 20)).append("==\n");
    return s.append("-----END ").append(label).append("-----").toString();
  }

  /**
   * A password of 10 to 16 characters with letters, digits and symbols; it ends with a letter or
   * digit.
   */
  static String password(Random r) {
    String body = mixed(r, ALNUM + "!@#%^&*_-+", 9 + r.nextInt(7));
    return body + chars(r, ALNUM, 1);
  }

  static String chars(Random r, String alphabet, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /**
   * Random characters with at least one digit and, where the alphabet has them, upper and lower
   * case letters.
   */
  static String mixed(Random r, String alphabet, int n) {
    char[] s = chars(r, alphabet, n).toCharArray();
    s[r.nextInt(n)] = DIGITS.charAt(r.nextInt(10));
    String letters = alphabet.replaceAll("[^A-Za-z]", "");
    if (n >= 3 && !letters.isEmpty()) {
      int a = r.nextInt(n);
      int b = (a + 1) % n;
      s[a] = letters.charAt(r.nextInt(letters.length()));
      s[b] = letters.charAt(r.nextInt(letters.length()));
      if (letters.chars().anyMatch(Character::isUpperCase)
          && letters.chars().anyMatch(Character::isLowerCase)) {
        s[a] = Character.toUpperCase(s[a]);
        s[b] = Character.toLowerCase(s[b]);
      }
    }
    // keep one digit even if a letter overwrote it
    boolean digit = false;
    for (char c : s) {
      digit |= Character.isDigit(c);
    }
    if (!digit) {
      s[(r.nextInt(n) + 2) % n] = DIGITS.charAt(r.nextInt(10));
    }
    return new String(s);
  }
}
