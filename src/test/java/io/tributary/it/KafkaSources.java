package io.tributary.it;

/**
 * The names of this test run's Kafka sources: {@code <prefix>-<kind>-<unique>}. The service under
 * test subscribes to {@code tributary.<prefix>-.*} only ({@code %test.tributary.kafka.sources}), so
 * two test runs on one broker (two checkouts, or CI next to a developer's run) never read each
 * other's topics and never dead-letter each other's messages. The prefix is {@code
 * TRIBUTARY_TEST_KAFKA_PREFIX} (letters and digits), {@code k} when unset.
 */
final class KafkaSources {

  static final String PREFIX = prefix();

  private KafkaSources() {}

  private static String prefix() {
    String p = System.getenv().getOrDefault("TRIBUTARY_TEST_KAFKA_PREFIX", "k");
    if (!p.matches("[a-z][a-z0-9]{0,15}")) {
      throw new IllegalStateException(
          "TRIBUTARY_TEST_KAFKA_PREFIX must be 1-16 lower-case letters and digits, got " + p);
    }
    return p;
  }
}
