package io.tributary.redact;

import static io.tributary.redact.TextScan.digit;
import static io.tributary.redact.TextScan.digitsEnd;
import static io.tributary.redact.TextScan.digitsOf;
import static io.tributary.redact.TextScan.wordChar;

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

  /** Tried only at runs of exactly three digits that start a word and end at a dash or a space. */
  @Override
  int nextStart(String text, int from) {
    int n = text.length();
    int i = from;
    while (i + 2 < n) {
      if (!digit(text.charAt(i + 2))) {
        i += 3; // a start at i, i+1 or i+2 would need a digit there
        continue;
      }
      if (!digit(text.charAt(i))) {
        i++;
        continue;
      }
      int end = digitsEnd(text, i);
      if (end - i == 3
          && end < n
          && (text.charAt(end) == '-' || text.charAt(end) == ' ')
          && (i == 0 || !wordChar(text.charAt(i - 1)))
          && !(i > 1 && text.charAt(i - 1) == '-' && digit(text.charAt(i - 2)))) {
        return i;
      }
      i = end; // inside a run of digits the look-behind fails
    }
    return -1;
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
