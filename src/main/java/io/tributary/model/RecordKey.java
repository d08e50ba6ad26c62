package io.tributary.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identity of a record: the source it came from and the id that source gave it. */
public record RecordKey(String source, String id) {

  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  public static final int MAX_ID_LENGTH = 512;

  public RecordKey {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    requireValidSource(source);
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("id must be 1.." + MAX_ID_LENGTH + " characters");
    }
    if (Printable.hasControl(id)) {
      throw new IllegalArgumentException("id must not contain control characters or line breaks");
    }
  }

  /** Source names become topic names and file names, so they are kept to a safe alphabet. */
  public static String requireValidSource(String source) {
    if (source == null || !SOURCE_NAME.matcher(source).matches()) {
      throw new IllegalArgumentException(
          "source must match "
              + SOURCE_NAME.pattern()
              + " (lower case letters, digits, '_', '.', '-')");
    }
    return source;
  }

  @Override
  public String toString() {
    return source + "/" + id;
  }
}
