package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input: each detector, and the whole redactor, gets about 1 MB of the shapes that made a
 * pattern recurse once per repetition (a stack overflow) or rescan the rest of the text for each
 * position (quadratic time). Finishing without an error is the assertion; there is no timing
 * assertion (the speed is measured by {@code bench/RedactionSpeed}). Each run is on a new thread
 * with the JVM's default stack size, as a request thread has, whatever the test JVM's options.
 */
class DetectorWorstCaseTest {

  private static final int SIZE = 1 << 20;

  /** Shapes every detector gets: the two of the finding in issue #11, and a mix of real values. */
  private static final List<String> COMMON =
      List.of(
          "-----BEGIN PRIVATE KEY-----" + repeat("\n"),
          "a@" + repeat("a."),
          repeat(
              "a@b.c 10.1.1.1 +1 (555) 123-4567 DE89 3704 0044 0532 0130 00 John Smith, Berlin "));

  static Stream<Arguments> shapes() {
    List<Arguments> cases = new ArrayList<>();
    for (Detector d : DetectingRedactor.standardDetectors()) {
      String name = d.getClass().getSimpleName();
      for (String s : COMMON) {
        cases.add(Arguments.of(name, d, s));
      }
      for (String s : own(d)) {
        cases.add(Arguments.of(name, d, s));
      }
    }
    return cases.stream();
  }

  private static List<String> own(Detector d) {
    return switch (d.type()) {
      case EMAIL ->
          List.of(
              repeat("..a") + "@" + repeat("a."),
              repeat(
                  "..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a..a@a.a.a.a.a.a.a.a.a.a1"
                      + " "),
              "a@" + repeat("a-"),
              repeat("a@"));
      case IBAN ->
          List.of(
              repeat("DE12 "),
              "DE12" + repeat(" ABCD"),
              repeat("DE12AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "));
      case CREDIT_CARD ->
          List.of(repeat("1234 "), repeat("1234 567 1234567 1234 123 12345 1234 "), repeat("1"));
      case US_SSN -> List.of(repeat("123-45-"), repeat("123 45 6789-"));
      case SECRET ->
          List.of(
              "-----BEGIN PRIVATE KEY-----" + repeat("\\n"),
              "-----BEGIN PRIVATE KEY-----" + repeat("AAAA\n"),
              repeat("-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAA\n"),
              "password=" + repeat("a.") + "a",
              "password=" + repeat("A_") + "A",
              "password: " + repeat("a-") + "a",
              "password=a" + repeat(")"),
              repeat("secret:x"),
              repeat("password='x "),
              repeat("password is "),
              "eyJ" + repeat("aaaaaaaa."),
              repeat("https://a:b@"),
              "Authorization: " + repeat("Bearer "),
              repeat("sk-"));
      case DATE_OF_BIRTH ->
          List.of(repeat("born 1 January 2000 "), "born " + repeat("1 "), repeat("born "));
      case IP_ADDRESS ->
          List.of(repeat("1.1.1.1."), repeat("1:"), repeat("1:1:1:1:1:1:1:1.1.1.1 "));
      case PHONE ->
          List.of(
              repeat("1 "),
              repeat("12-"),
              repeat("+1 (555) 1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7 8 9 "),
              repeat("1-2-3-x"));
      case NATIONAL_ID ->
          List.of(
              repeat("123456782 "),
              repeat("SSN 123456789 "),
              repeat("1-"),
              repeat("AB 12 "),
              "a" + repeat("1a"));
      case PERSON, LOCATION ->
          List.of(
              repeat("John Smith "),
              repeat("Anna Maria Berlin Paris "),
              repeat("Mr. J. K. "),
              repeat("A"));
      default -> List.of();
    };
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("shapes")
  void should_finish_on_a_megabyte_of_a_worst_shape(String name, Detector detector, String text) {
    List<Finding> findings = onDefaultStack(() -> detector.find(text));
    assertThat(findings).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
  }

  static Stream<String> redactorShapes() {
    return Stream.concat(
        COMMON.stream(),
        Stream.of(
            "-----BEGIN PRIVATE KEY-----" + repeat("\\n"),
            repeat("secret:x"),
            repeat("1 "),
            repeat("John Smith ")));
  }

  @ParameterizedTest
  @MethodSource("redactorShapes")
  void should_redact_a_megabyte_of_a_worst_shape(String text) {
    DetectingRedactor redactor = Fixtures.redactor();
    assertThat(onDefaultStack(() -> redactor.redactText(text).text())).isNotNull();
  }

  /** A search query is redacted before it is embedded: 3 KB of either shape of the finding. */
  @ParameterizedTest
  @MethodSource("queryShapes")
  void should_redact_a_3_kb_query_of_a_worst_shape(String query) {
    DetectingRedactor redactor = Fixtures.redactor();
    assertThat(onDefaultStack(() -> redactor.redactText(query).text())).isNotNull();
  }

  static Stream<String> queryShapes() {
    return Stream.of(
        ("-----BEGIN PRIVATE KEY-----" + "\n".repeat(3_000)).substring(0, 3_000),
        ("a@" + "a.".repeat(1_500)).substring(0, 3_000),
        ("-----BEGIN PRIVATE KEY-----" + "\\n".repeat(1_500)).substring(0, 3_000));
  }

  private static String repeat(String unit) {
    return unit.repeat(SIZE / unit.length());
  }

  private static <T> T onDefaultStack(java.util.function.Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(work.get());
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(failure.get()).as("error on the default stack").isNull();
    return result.get();
  }
}
