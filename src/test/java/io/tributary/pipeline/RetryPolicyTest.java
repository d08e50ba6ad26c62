package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Duration MS_100 = Duration.ofMillis(100);

  @Test
  void should_double_the_wait_up_to_the_max_without_jitter() {
    RetryPolicy p = new RetryPolicy(MS_100, Duration.ofMillis(700), 2, 0, null);
    assertThat(p.delay(1)).isEqualTo(MS_100);
    assertThat(p.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delay(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.delay(4)).isEqualTo(Duration.ofMillis(700));
    assertThat(p.delay(1000)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void should_keep_jittered_waits_within_the_jittered_share() {
    RetryPolicy equal = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 0.5, null);
    RetryPolicy full = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1, null);
    for (int i = 0; i < 1000; i++) {
      assertThat(equal.delay(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(full.delay(1)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void should_never_wait_past_the_deadline_and_expire_after_it() {
    RetryPolicy p =
        new RetryPolicy(
            Duration.ofSeconds(10), Duration.ofSeconds(10), 2, 0, Duration.ofSeconds(1));
    long now = System.nanoTime();
    assertThat(p.delay(1, now)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(p.expired(now)).isFalse();
    long twoSecondsAgo = now - Duration.ofSeconds(2).toNanos();
    assertThat(p.expired(twoSecondsAgo)).isTrue();
    assertThat(p.delay(1, twoSecondsAgo)).isZero();
  }

  @Test
  void should_retry_for_ever_without_a_deadline() {
    RetryPolicy p = new RetryPolicy(MS_100, MS_100, 2, 0, null);
    long longAgo = System.nanoTime() - Duration.ofDays(1).toNanos();
    assertThat(p.expired(longAgo)).isFalse();
    assertThat(p.delay(5, longAgo)).isEqualTo(MS_100);
  }

  @Test
  void should_refuse_a_policy_that_cannot_work() {
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(MS_100, MS_100, 0.5, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(MS_100, MS_100, 2, 1.5, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
