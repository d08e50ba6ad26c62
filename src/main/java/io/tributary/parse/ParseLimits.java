package io.tributary.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * What the parse of one file may cost once it is read: characters of text, wall-clock time, and
 * attachments or archive entries. Travels with each request to a {@link ParseWorker}.
 */
record ParseLimits(int maxChars, Duration timeout, int maxEmbedded) {

  ParseLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (maxChars < 0 || maxEmbedded < 0 || timeout.isNegative()) {
      throw new IllegalArgumentException("parse limits must not be negative");
    }
  }

  /** The rejection of a file whose parse outlived {@link #timeout()}. */
  String timeLimitReason() {
    return ParseBudget.timeLimitReason(timeout.toNanos());
  }
}
