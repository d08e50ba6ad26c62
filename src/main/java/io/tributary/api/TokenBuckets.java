package io.tributary.api;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key: each holds at most {@code capacity} tokens and gains {@code
 * perMinute} tokens a minute, continuously. A take is all or nothing: a refused take changes no
 * bucket, and says exactly how long until it would succeed.
 *
 * <p>Integer arithmetic, no drift: a token is {@link #PERIOD_NANOS} units and a bucket gains {@code
 * perMinute} units a nanosecond, so every refill and every wait is exact to the nanosecond.
 *
 * <p>Thread-safe: one lock guards the map and its buckets; every call does O(1) work (amortized:
 * each bucket is evicted at most once per insertion). Memory is bounded: a bucket that has refilled
 * is dropped the next time any take runs, since a new bucket would be identical (buckets are kept
 * least recently used first, so the refilled ones are at the head); past {@code maxKeys} keys the
 * least recently used bucket is dropped even if it is not full, and its key starts again from a
 * full bucket: the price of a bounded map, counted by {@link #forcedEvictions()}.
 */
final class TokenBuckets {

  /** A minute, the period of every rate here. */
  static final long PERIOD_NANOS = 60_000_000_000L;

  /** The largest capacity whose units fit in a {@code long} with room for a nanosecond's refill. */
  static final long MAX_CAPACITY = 150_000_000L;

  private static final class Bucket {
    long units;
    long stamp;
  }

  private final long perMinute;
  private final long capacity;
  private final long fullUnits;
  private final int maxKeys;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
  private long forcedEvictions;

  /**
   * @param perMinute tokens gained a minute, at least 1
   * @param capacity most tokens a bucket holds (the burst), 1 to {@link #MAX_CAPACITY}
   * @param maxKeys most buckets kept
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  TokenBuckets(long perMinute, long capacity, int maxKeys, LongSupplier nanoClock) {
    if (perMinute < 1 || perMinute > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "a rate must be 1 to "
              + MAX_CAPACITY
              + " a minute (0 turns the limit off): "
              + perMinute);
    }
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("a burst must be 1 to " + MAX_CAPACITY + ": " + capacity);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("at least one caller must be tracked: " + maxKeys);
    }
    this.perMinute = perMinute;
    this.capacity = capacity;
    this.fullUnits = capacity * PERIOD_NANOS;
    this.maxKeys = maxKeys;
    this.nanoClock = nanoClock;
  }

  long capacity() {
    return capacity;
  }

  long perMinute() {
    return perMinute;
  }

  /**
   * Takes {@code n} tokens from {@code key}'s bucket, or none.
   *
   * @param n 0 to {@link #capacity()}: more could never be taken
   * @return 0 when taken; otherwise the nanoseconds until {@code n} tokens will be there, if no
   *     other take of this key comes first
   */
  synchronized long take(String key, long n) {
    if (n < 0 || n > capacity) {
      throw new IllegalArgumentException(n + " tokens from a bucket of " + capacity);
    }
    if (n == 0) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    evictRefilled(now);
    Bucket bucket = buckets.get(key);
    long units = bucket == null ? fullUnits : level(bucket, now);
    long need = n * PERIOD_NANOS;
    if (units < need) {
      return ceilDiv(need - units, perMinute);
    }
    if (bucket == null) {
      if (buckets.size() >= maxKeys) {
        Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
        eldest.next();
        eldest.remove();
        forcedEvictions++;
      }
      bucket = new Bucket();
      buckets.put(key, bucket);
    }
    bucket.units = units - need;
    bucket.stamp = now;
    return 0;
  }

  /** Keys with a bucket that is not known to be full. */
  synchronized int size() {
    return buckets.size();
  }

  /** Buckets dropped before they had refilled, to keep within {@code maxKeys}. */
  synchronized long forcedEvictions() {
    return forcedEvictions;
  }

  /** Drops refilled buckets from the head (least recently used first); stops at the first not. */
  private void evictRefilled(long now) {
    Iterator<Bucket> it = buckets.values().iterator();
    while (it.hasNext()) {
      if (level(it.next(), now) < fullUnits) {
        return;
      }
      it.remove();
    }
  }

  private long level(Bucket bucket, long now) {
    long elapsed = Math.max(0, now - bucket.stamp);
    long missing = fullUnits - bucket.units;
    // compared before multiplying: elapsed * perMinute could overflow after a long idle time
    if (elapsed >= ceilDiv(missing, perMinute)) {
      return fullUnits;
    }
    return bucket.units + elapsed * perMinute;
  }

  /** {@code a / b} rounded up, for {@code a >= 0, b > 0}. */
  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
