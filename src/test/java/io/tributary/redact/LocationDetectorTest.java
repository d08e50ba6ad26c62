package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LocationDetectorTest {

  private final LocationDetector detector = new LocationDetector();

  static List<FixtureTexts.Case> fixtures() {
    return FixtureTexts.load("location-detector.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void should_report_exactly_the_marked_places(FixtureTexts.Case c) {
    assertThat(found(detector, c.text())).as(c.text()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void should_not_take_a_house_number_without_a_street_for_an_address() {
    assertThat(found(detector, "Order 224 shipped with 3 items")).isEmpty();
  }
}
