package io.tributary.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a retriable fault is retried, the one policy of embedding calls and of the Kafka consumer's
 * pause-and-retry and restart loops: exponential backoff from {@code initial} by {@code multiplier}
 * up to {@code max}, jittered, until a {@code deadline}. The caller sleeps (or, for Kafka, keeps
 * polling its paused consumer) itself, so the policy is a value: immutable and thread-safe.
 *
 * @param initial wait before the first retry, before jitter
 * @param max longest wait, before jitter
 * @param multiplier growth of the wait per retry, at least 1
 * @param jitter share of each wait that is random, 0 to 1: a wait {@code d} becomes uniform in
 *     {@code [d * (1 - jitter), d]}; 1 is "full jitter", 0.5 "equal jitter"
 * @param deadline how long retrying may last from the first failure, or {@code null} for as long as
 *     it takes (a stream that must not skip records)
 */
public record RetryPolicy(
    Duration initial, Duration max, double multiplier, double jitter, Duration deadline) {

  public RetryPolicy {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "retry waits need 0 <= initial <= max, were " + initial + " and " + max);
    }
    if (!(multiplier >= 1) || !(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("retry needs multiplier >= 1 and jitter in [0, 1]");
    }
    if (deadline != null && deadline.isNegative()) {
      throw new IllegalArgumentException("retry deadline must not be negative");
    }
  }

  /** The wait before retry number {@code retry} (1 for the first), jittered. */
  public Duration delay(int retry) {
    double nanos =
        Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1)));
    double random = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble() * jitter;
    return Duration.ofNanos((long) (nanos * (1 - random)));
  }

  /**
   * What is left of the deadline for retries that began at {@code startNanos} ({@link
   * System#nanoTime()}); {@code null} without a deadline, never negative.
   */
  public Duration remaining(long startNanos) {
    if (deadline == null) {
      return null;
    }
    Duration left = deadline.minusNanos(System.nanoTime() - startNanos);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Whether retries that began at {@code startNanos} are past the deadline. */
  public boolean expired(long startNanos) {
    Duration left = remaining(startNanos);
    return left != null && left.isZero();
  }

  /**
   * The wait before retry number {@code retry}, cut to what is left of the deadline (never past
   * it); the whole wait without one.
   */
  public Duration delay(int retry, long startNanos) {
    Duration wait = delay(retry);
    Duration left = remaining(startNanos);
    return left == null || wait.compareTo(left) <= 0 ? wait : left;
  }
}
