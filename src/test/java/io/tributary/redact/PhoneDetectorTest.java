package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneDetectorTest {

  private final PhoneDetector detector = new PhoneDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+44 20 7946 0958",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "+1 415 555 2671",
        "+1-984-182-0190",
        "+1 415-555-2671",
        "1-800-345-2216",
        "030 1234 5678",
        "030-0074321",
        "030/1234567",
        "0044 20 7946 0958",
        "+46 (0)8 928 571 38",
        "+447700 921 916",
        "+4930123456",
        "08-123 45 67",
        "01.84.17.61.18",
        "0494 92 82 32",
        "(08) 8747 6301",
        "(5) 555-3932",
        "28-64-27-85",
        "467 3395",
        "9472 7916",
        "345-899-3560x4587",
        "(898)666-3621 ext. 135"
      })
  void should_find_phone_number_in_prose(String phone) {
    assertThat(found(detector, "Call me on " + phone + " tomorrow.")).containsExactly(phone);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%s.", "%s,", "(%s)", "tel:%s", "%s-Office", "%s\n", "Germany,%s,NULL"})
  void should_find_phone_number_between_punctuation(String template) {
    String phone = "555-123-4567";
    assertThat(found(detector, template.formatted(phone))).containsExactly(phone);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order 12345 shipped",
        "on 2024-01-15 we met",
        "on 15.01.2024 we met",
        "on 01/15/24 we met",
        "at 2024-01-15 10:30:45 the job ran",
        "version 1.2.3 released",
        "customer id 123456789",
        "account 5551234567 closed",
        "total 1 234 567 units",
        "total 12.345.678 units",
        "total 10 000 000 units",
        "seasons 2019-2020 and 2019 2020 2021",
        "see pages 1129-1130",
        "ISSN 1999-4915",
        "ratio 51.14557 overall",
        "86.5% (9857/11399) of patients",
        "Seattle, WA 98122-1234",
        "rooms 1 2 3 4 5 6 7 8 9 10",
        "rows 15 16 17 18 19 20",
        "report gm-tr-0165-00519",
        "doi:10.1001/jama.2020.1585",
        "proc. roy. soc. a 237 1956, 543",
        "CEP 05454-876 Brazil",
        "j. phys. soc. japan 8 (1953) 662"
      })
  void should_not_report_numbers_that_are_not_phone_numbers(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Fax: %s", "Phone %s", "Tel. %s", "call me at %s", "Mobile no. %s"})
  void should_find_plain_digits_only_after_a_phone_label(String template) {
    assertThat(found(detector, template.formatted("9498777106"))).containsExactly("9498777106");
  }

  @Test
  void should_not_take_label_inside_a_word_for_a_phone_label() {
    assertThat(found(detector, "hotel: 9498777106")).isEmpty();
  }

  @Test
  void should_leave_neighbouring_small_number_out_of_the_phone() {
    assertThat(found(detector, "call 555-123-4567 2 times")).containsExactly("555-123-4567");
  }

  @Test
  void should_find_each_phone_of_a_list() {
    assertThat(found(detector, "Desk: (602)272-9781 Fax: 001-253-366-9781"))
        .containsExactly("(602)272-9781", "001-253-366-9781");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "new address is 224 4966 Bond Street, Warwick",
        "located at 704 1436 Redbud Drive",
        "arrived at 636 1812 Rue De La Gare",
        "Debra Neal\n\n3536 1659 Hoog St\n Apt. 839",
        "offices at 9543 1819 St. John Street",
        "Mrs. Diana Usamov Suite 913 0547 Bygget 91",
        "Apt. 117 5720 Skoanveien 226"
      })
  void should_not_report_house_numbers_before_a_street_or_after_a_unit(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @Test
  void should_still_report_an_international_number_before_a_street_name() {
    assertThat(found(detector, "+44 20 7946 0958 Baker Street office"))
        .containsExactly("+44 20 7946 0958");
  }

  @Test
  void should_report_a_bare_number_when_a_label_follows_it() {
    assertThat(found(detector, "085 175 7641-Office\\,3660170548-Fax"))
        .containsExactly("085 175 7641", "3660170548");
    assertThat(found(detector, "ref 3660170548-B")).isEmpty();
  }
}
