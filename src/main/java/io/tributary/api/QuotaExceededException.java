package io.tributary.api;

/**
 * A request refused because its caller is over a quota: 429, with {@code Retry-After} saying when
 * the same request would be accepted ({@link ProblemMappers}).
 */
public class QuotaExceededException extends ProblemException {

  private final long retryAfterSeconds;

  public QuotaExceededException(String title, String detail, long retryAfterSeconds) {
    super(429, title, detail);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("Retry-After must be at least 1 s: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Whole seconds, rounded up: a retry after this long succeeds if the caller sent nothing else.
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
