package io.tributary.parse;

import java.util.concurrent.atomic.AtomicLong;
import org.xml.sax.SAXException;

/**
 * What one file may cost: characters of text across all its parts, and wall-clock time. Content
 * handlers check it on every event, so a parser that keeps producing output stops at the limit.
 */
final class ParseBudget {

  /** Thrown into the parser when the budget is spent; its message is the rejection reason. */
  static final class Exceeded extends SAXException {
    Exceeded(String reason) {
      super(reason);
    }
  }

  private final long maxChars;
  private final long deadlineNanos;
  private final long timeoutNanos;
  private final AtomicLong chars = new AtomicLong();
  private volatile String exceeded;

  ParseBudget(long maxChars, long timeoutNanos) {
    this.maxChars = maxChars;
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
    this.timeoutNanos = timeoutNanos;
  }

  void spend(int n) throws Exceeded {
    if (chars.addAndGet(n) > maxChars) {
      throw exceed("more than " + maxChars + " characters of text (tributary.documents.max-chars)");
    }
    check();
  }

  void check() throws Exceeded {
    if (exceeded != null) {
      throw new Exceeded(exceeded);
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw exceed(timeLimitReason());
    }
  }

  String timeLimitReason() {
    return timeLimitReason(timeoutNanos);
  }

  static String timeLimitReason(long timeoutNanos) {
    return "parsing took longer than "
        + Math.max(1, timeoutNanos / 1_000_000_000L)
        + " s (tributary.documents.parse-timeout)";
  }

  Exceeded exceed(String reason) {
    if (exceeded == null) {
      exceeded = reason;
    }
    return new Exceeded(exceeded);
  }

  /** Why the budget ran out, or {@code null}. */
  String exceeded() {
    return exceeded;
  }
}
