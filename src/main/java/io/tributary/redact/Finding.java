package io.tributary.redact;

import io.tributary.model.EntityType;

/**
 * A detected sensitive span {@code [start, end)} of a text. Holds positions only, never the value.
 */
public record Finding(int start, int end, EntityType type) {

  public Finding {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }

  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end;
  }
}
