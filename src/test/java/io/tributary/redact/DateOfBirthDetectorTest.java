package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateOfBirthDetectorTest {

  private final DateOfBirthDetector detector = new DateOfBirthDetector();

  static List<FixtureTexts.Case> fixtures() {
    return FixtureTexts.load("date-of-birth-detector.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void should_report_exactly_the_marked_dates_of_birth(FixtureTexts.Case c) {
    assertThat(found(detector, c.text())).as(c.text()).containsExactlyElementsOf(c.expected());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1984-03-12",
        "12/03/1984",
        "3/12/84",
        "12.03.1984",
        "12 March 1984",
        "March 12, 1984"
      })
  void should_not_report_a_date_without_a_birth_word(String date) {
    assertThat(found(detector, "Order shipped " + date + ".")).isEmpty();
    assertThat(found(detector, "born " + date)).containsExactly(date);
  }

  @Test
  void should_not_report_a_date_too_far_after_the_birth_word() {
    String far =
        "born in a small village in the north of the country, later moved on 12 March 1984";

    assertThat(found(detector, far)).isEmpty();
  }

  @Test
  void should_report_only_the_date_the_birth_word_introduces() {
    assertThat(found(detector, "DOB 12/03/1984, admitted 14/05/2020"))
        .containsExactly("12/03/1984");
  }

  @Test
  void should_read_two_digit_years_as_the_latest_past_year() {
    int nextYear = (LocalDate.now(ZoneOffset.UTC).getYear() + 1) % 100;
    String twoDigits = String.format("%02d", nextYear);

    // 01/01/<next year, two digits> can only be a past century's date
    assertThat(found(detector, "DOB 01/01/" + twoDigits)).containsExactly("01/01/" + twoDigits);
    assertThat(DateOfBirthDetector.inBirthContext("DOB 01/01/84", 4)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1879-12-31", "13/13/1984", "1984-02-30", "31 April 1984", "0/12/1984"})
  void should_not_report_impossible_dates(String date) {
    assertThat(found(detector, "born " + date)).isEmpty();
  }

  @Test
  void should_accept_a_leap_day_only_in_a_leap_year() {
    assertThat(found(detector, "born 1984-02-29")).containsExactly("1984-02-29");
    assertThat(found(detector, "born 1983-02-29")).isEmpty();
  }
}
