package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * Phone numbers in international ({@code +44 20 7946 0958}) and common national formats ({@code
 * (555) 123-4567}, {@code 555-123-4567}, {@code 030 1234 5678}). A number needs separators or a
 * leading {@code +} or parentheses so that plain integers (amounts, ids) are left alone, and 7 to 15
 * digits as E.164 allows.
 */
final class PhoneDetector extends RegexDetector {

  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?<![\\w+])(?:"
              + "\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]\\d{2,4}){1,4}"
              + "|\\+\\d{7,15}"
              + "|\\(\\d{2,4}\\)[ .-]?\\d{3,4}[ .-]\\d{3,4}"
              + "|0\\d{1,4}[ /.-]\\d{3,4}[ .-]?\\d{2,5}"
              + "|\\d{3}[.-]\\d{3}[.-]\\d{4}"
              + "|\\d{3} \\d{3} \\d{4}"
              + ")(?![\\w-])");

  PhoneDetector() {
    super(EntityType.PHONE, CANDIDATE);
  }

  @Override
  boolean isValid(String candidate) {
    int digits = digitsOf(candidate).length();
    return digits >= 7 && digits <= 15;
  }
}
