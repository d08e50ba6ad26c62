package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A detector made of a candidate pattern and a validation of each candidate. */
abstract class RegexDetector implements Detector {

  private final EntityType type;
  private final Pattern candidate;

  RegexDetector(EntityType type, Pattern candidate) {
    this.type = type;
    this.candidate = candidate;
  }

  @Override
  public final EntityType type() {
    return type;
  }

  @Override
  public final List<Finding> find(String text) {
    List<Finding> findings = new ArrayList<>();
    Matcher m = candidate.matcher(text);
    while (m.find()) {
      if (isValid(m.group())) {
        findings.add(new Finding(m.start(), m.end(), type));
      }
    }
    return findings;
  }

  /** Whether a candidate match is a real value of this type. */
  abstract boolean isValid(String candidate);

  static String digitsOf(String s) {
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
