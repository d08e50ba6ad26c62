package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.regex.Pattern;

/** E-mail addresses: a local part, one {@code @}, a dotted domain with an alphabetic TLD. */
final class EmailDetector extends RegexDetector {

  private static final Pattern CANDIDATE =
      Pattern.compile(
          "(?<![\\w+%-])(?<!\\w\\.)[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,24}(?!\\w)");

  EmailDetector() {
    super(EntityType.EMAIL, CANDIDATE);
  }

  @Override
  boolean isValid(String candidate) {
    String local = candidate.substring(0, candidate.indexOf('@'));
    return !local.contains("..") && !local.endsWith(".");
  }
}
