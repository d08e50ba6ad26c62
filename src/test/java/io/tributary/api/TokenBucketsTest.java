package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bucket math on a fake clock: every wait is exact to the nanosecond. */
class TokenBucketsTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;

  /** A clock the test moves; starts far from 0, as {@code System.nanoTime()} may. */
  private long now = 123_456_789_000L;

  private TokenBuckets buckets(long perMinute, long capacity, int maxKeys) {
    return new TokenBuckets(perMinute, capacity, maxKeys, () -> now);
  }

  @Test
  void should_grant_the_whole_burst_at_once_then_refuse() {
    TokenBuckets b = buckets(60, 5, 10);
    for (int i = 0; i < 5; i++) {
      assertThat(b.take("a", 1)).as("take %d", i).isZero();
    }
    assertThat(b.take("a", 1)).isEqualTo(SECOND);
  }

  @Test
  void should_grant_again_exactly_when_the_wait_it_named_is_over() {
    TokenBuckets b = buckets(7, 1, 10); // a token every 60/7 s = 8571428571.43 ns
    assertThat(b.take("a", 1)).isZero();
    long wait = b.take("a", 1);
    assertThat(wait).isEqualTo(8_571_428_572L);
    now += wait - 1;
    assertThat(b.take("a", 1)).as("one nanosecond early").isEqualTo(1);
    now += 1;
    assertThat(b.take("a", 1)).isZero();
  }

  @Test
  void should_refill_continuously_and_never_past_the_capacity() {
    TokenBuckets b = buckets(60, 10, 10);
    assertThat(b.take("a", 10)).isZero();
    now += 3 * SECOND + SECOND / 2;
    assertThat(b.take("a", 3)).as("3.5 tokens are back").isZero();
    assertThat(b.take("a", 1)).as("half a token left, half a second to go").isEqualTo(SECOND / 2);
    now += 24 * 60 * MINUTE; // a day idle
    assertThat(b.take("a", 10)).isZero();
    assertThat(b.take("a", 1)).as("a day idle still holds only the capacity").isEqualTo(SECOND);
  }

  @Test
  void should_take_all_or_nothing_and_leave_the_bucket_as_it_was_when_refused() {
    TokenBuckets b = buckets(6000, 100, 10); // a token every 10 ms
    assertThat(b.take("a", 70)).isZero();
    assertThat(b.take("a", 40)).as("10 short: 100 ms").isEqualTo(100_000_000L);
    assertThat(b.take("a", 30)).as("the refusal took nothing").isZero();
    assertThat(b.take("a", 1)).isEqualTo(10_000_000L);
  }

  @Test
  void should_keep_each_key_to_its_own_bucket() {
    TokenBuckets b = buckets(60, 2, 10);
    assertThat(b.take("alice", 2)).isZero();
    assertThat(b.take("alice", 1)).isPositive();
    assertThat(b.take("bob", 2)).isZero();
  }

  @Test
  void should_forget_buckets_that_have_refilled() {
    TokenBuckets b = buckets(60, 10, 10_000);
    for (int i = 0; i < 1000; i++) {
      assertThat(b.take("caller-" + i, 1)).isZero();
    }
    assertThat(b.size()).isEqualTo(1000);
    now += SECOND - 1;
    b.take("other", 1);
    assertThat(b.size()).as("not refilled yet: kept").isEqualTo(1001);
    now += 1;
    b.take("other", 1);
    assertThat(b.size()).as("each of the 1000 has its token back").isEqualTo(1);
    assertThat(b.forcedEvictions()).isZero();
  }

  @Test
  void should_stay_within_max_keys_by_dropping_the_least_recently_used() {
    TokenBuckets b = buckets(60, 1, 3);
    b.take("a", 1);
    b.take("b", 1);
    b.take("c", 1);
    assertThat(b.take("a", 1)).as("a used again: now the most recent").isPositive();
    b.take("d", 1);
    assertThat(b.size()).isEqualTo(3);
    assertThat(b.forcedEvictions()).isEqualTo(1);
    assertThat(b.take("b", 1)).as("b was dropped: it starts full again").isZero();
    assertThat(b.take("a", 1)).as("a was kept, still empty").isPositive();
    assertThat(b.size()).isEqualTo(3);
  }

  @Test
  void should_refuse_a_take_larger_than_the_bucket_and_grant_zero_for_free() {
    TokenBuckets b = buckets(60, 5, 10);
    assertThatThrownBy(() -> b.take("a", 6)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.take("a", 0)).isZero();
    assertThat(b.size()).isZero();
  }

  @Test
  void should_not_overflow_at_the_largest_settings_or_after_a_long_idle_time() {
    long max = TokenBuckets.MAX_CAPACITY;
    TokenBuckets b = buckets(max, max, 10);
    assertThat(b.take("a", max)).isZero();
    assertThat(b.take("a", max)).isEqualTo(MINUTE);
    now += Long.MAX_VALUE / 2;
    assertThat(b.take("a", max)).isZero();
    TokenBuckets slow = buckets(1, max, 10);
    assertThat(slow.take("a", max)).isZero();
    assertThat(slow.take("a", max)).isEqualTo(max * MINUTE);
  }

  @Test
  void should_refuse_settings_it_cannot_count_exactly() {
    assertThatThrownBy(() -> buckets(TokenBuckets.MAX_CAPACITY + 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buckets(1, TokenBuckets.MAX_CAPACITY + 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buckets(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> buckets(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
