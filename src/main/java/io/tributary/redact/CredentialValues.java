package io.tributary.redact;

import static io.tributary.redact.TextScan.hasDigit;
import static io.tributary.redact.TextScan.hasLetter;
import static io.tributary.redact.TextScan.repeated;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a value after a credential key or flag is, besides a credential: a placeholder ({@code
 * <password>}, {@code ${DB_PASS}}, {@code ****}, {@code [REDACTED]}, {@code null}, {@code
 * changeme}), a reference or piece of code ({@code env.PASSWORD}, {@code getPassword()}, {@code
 * DB_PASSWORD}, a URL), a plain word. Shared by the secret rules that read a value after a name.
 */
final class CredentialValues {

  private static final Set<String> PLACEHOLDERS =
      Set.of(
          "null",
          "none",
          "nil",
          "true",
          "false",
          "undefined",
          "empty",
          "blank",
          "required",
          "optional",
          "string",
          "redacted",
          "removed",
          "hidden",
          "masked",
          "omitted",
          "secret",
          "password",
          "passwd",
          "passwort",
          "token",
          "changeme",
          "your_password",
          "yourpassword",
          "your-password",
          "example",
          "placeholder",
          "value",
          "xxx",
          "todo",
          "tbd",
          "n/a",
          "na",
          "not-set",
          "notset",
          "unset",
          "default",
          "str",
          "int",
          "bool");
  private static final Pattern PLACEHOLDER_SHAPE =
      Pattern.compile(
          "<[^>]*>|&lt;.*&gt;|\\$\\{.*|\\$\\(.*|\\{\\{.*|\\{[^}]*}|%\\(?\\w*\\)?[sd%]?|%\\w+%|\\[[A-Za-z0-9_:"
              + " -]*]|[*xX#.•_-]+|\\.\\.\\..*");
  // Possessive repetitions (a separator is never a part's character, so none has to give any back):
  // a greedy group recurses once per part.
  private static final Pattern DOTTED_IDENTIFIER =
      Pattern.compile("[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)++");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)++");
  private static final Pattern PLAIN_WORD = Pattern.compile("\\p{L}++(?:[-'’]\\p{L}++)*+");
  private static final Pattern QUOTES_AROUND = Pattern.compile("^[\"']+|[\"']+$");
  private static final Pattern BETWEEN_LITERALS = Pattern.compile(".*[\\s(\\[$\"'].*");
  private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[#./]+");
  private static final Pattern NAME_SEPARATORS = Pattern.compile("[._:/-]+");

  private CredentialValues() {}

  static boolean placeholder(String value) {
    String v = QUOTES_AROUND.matcher(value.trim()).replaceAll("");
    if (v.isEmpty()) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    return PLACEHOLDERS.contains(lower)
        || PLACEHOLDER_SHAPE.matcher(v).matches()
        || lower.startsWith("$")
        || lower.startsWith("your")
        || repeated(v);
  }

  /**
   * A piece of code around a string rather than a value ({@code '.$p['}, {@code "+new Buffer("}),
   * an AWS resource name, or a name built from a credential word ({@code smtp_password}, {@code
   * #add-password}, {@code detect_secrets.main:detect_secrets}).
   */
  static boolean reference(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.endsWith("(") || v.startsWith("arn:")) {
      return true;
    }
    // between two string literals: '.$p[', ' + getPassword() + '
    if (",;:+.)(=".indexOf(v.charAt(0)) >= 0 && BETWEEN_LITERALS.matcher(v).matches()) {
      return true;
    }
    if (!CredentialAssignmentRule.KEY_WORD.matcher(v.toLowerCase(Locale.ROOT)).find()) {
      return false;
    }
    String[] parts = NAME_SEPARATORS.split(LEADING_PUNCTUATION.matcher(v).replaceFirst(""));
    return parts.length >= 2
        && Arrays.stream(parts).allMatch(p -> p.chars().allMatch(Character::isLetter));
  }

  /**
   * An expression, not a literal: a call, an index, a member access, an environment variable name.
   */
  static boolean code(String value) {
    return value.indexOf('(') >= 0
        || value.indexOf('[') >= 0
        || value.indexOf('{') >= 0
        || value.contains("://")
        || (DOTTED_IDENTIFIER.matcher(value).matches()
            && value.chars().filter(Character::isDigit).count() <= 2)
        || (ENV_NAME.matcher(value).matches()
            && CredentialAssignmentRule.KEY_WORD.matcher(value.toLowerCase(Locale.ROOT)).find());
  }

  static boolean plainWord(String value) {
    return PLAIN_WORD.matcher(value).matches();
  }

  /** Looks like a credential on its own: letters and digits mixed, or a long number. */
  static boolean credentialShaped(String value) {
    return value.length() >= 6
        && !plainWord(value)
        && ((hasDigit(value) && hasLetter(value)) || value.chars().allMatch(Character::isDigit));
  }

  /**
   * Whether a value has the shape of a placeholder ({@code <password>}, {@code ${X}}, {@code
   * ****}...).
   */
  static boolean placeholderShape(String value) {
    return PLACEHOLDER_SHAPE.matcher(value).matches();
  }
}
