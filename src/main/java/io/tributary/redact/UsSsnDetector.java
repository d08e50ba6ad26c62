package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/**
 * US social security numbers written {@code AAA-GG-SSSS} (dashes or spaces). Area 000, 666 and
 * 900-999, group 00 and serial 0000 are never issued and are not reported.
 */
final class UsSsnDetector extends RegexDetector {

  // Not inside a longer number, also not one joined by a dash ("555-123-45-6789"); text may follow.
  private static final Pattern CANDIDATE =
      Pattern.compile("(?<!\\w)(?<!\\d-)\\d{3}([- ])\\d{2}\\1\\d{4}(?!\\w|-\\d)");

  UsSsnDetector() {
    super(EntityType.US_SSN, CANDIDATE);
  }

  @Override
  boolean isValid(String candidate) {
    String d = digitsOf(candidate);
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }
}
