package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsSsnDetectorTest {

  private final UsSsnDetector detector = new UsSsnDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {"123-45-6789", "123 45 6789", "001-01-0001", "899-99-9999", "665-12-3456"})
  void should_find_ssn_with_separators(String ssn) {
    assertThat(found(detector, "Here's my SSN: " + ssn + ".")).containsExactly(ssn);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "000-12-3456", // area 000
        "666-12-3456", // area 666
        "900-12-3456", // area 900-999
        "999-12-3456",
        "123-00-4567", // group 00
        "123-45-0000" // serial 0000
      })
  void should_reject_ssn_never_issued(String ssn) {
    assertThat(found(detector, "SSN " + ssn)).isEmpty();
  }

  @Test
  void should_not_report_nine_digits_without_separators() {
    assertThat(found(detector, "SSN 123456789")).isEmpty();
  }

  @Test
  void should_not_report_mixed_separators() {
    assertThat(found(detector, "SSN 123-45 6789")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1123-45-6789", "123-45-67890", "555-123-45-6789", "x123-45-6789"})
  void should_not_report_ssn_shape_inside_a_longer_number_or_word(String text) {
    assertThat(found(detector, text)).isEmpty();
  }
}
