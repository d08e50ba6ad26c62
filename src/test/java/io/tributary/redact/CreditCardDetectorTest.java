package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCardDetectorTest {

  private final CreditCardDetector detector = new CreditCardDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111 1111 1111 1111", // Visa, grouped by spaces
        "4111-1111-1111-1111", // Visa, grouped by dashes
        "4111111111111111",
        "4222222222222", // Visa, 13 digits
        "4131034282458809939", // Visa, 19 digits
        "378282246310005", // Amex
        "3782 822463 10005", // Amex, 4-6-5
        "5555555555554444", // Mastercard
        "2223003122003222", // Mastercard 2-series
        "6011111111111117", // Discover
        "3530111333300000", // JCB
        "180012345678905", // JCB, legacy 15 digits
        "213112345678904", // JCB, legacy 15 digits
        "30569309025904", // Diners
        "501812345673" // Maestro, 12 digits
      })
  void should_find_luhn_valid_card_number_of_known_issuer(String card) {
    assertThat(found(detector, "Charge card " + card + ", please.")).containsExactly(card);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111 1111 1111 1112",
        "4111-1111-1111-1121",
        "378282246310006",
        "5555555555554445",
        "6011111111111118"
      })
  void should_reject_card_number_failing_luhn(String card) {
    assertThat(found(detector, "card " + card)).isEmpty();
  }

  @Test
  void should_reject_luhn_valid_number_of_unknown_issuer() {
    assertThat(CreditCardDetector.luhn("9999999999999995")).isTrue();
    assertThat(found(detector, "ref 9999999999999995 and 9999 9999 9999 9995")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"41111111111", "4111 1111 111", "411111111117"})
  void should_reject_number_too_short_for_its_issuer(String number) {
    // 411111111117 is Luhn-valid but 12 digits, which only Maestro issues
    assertThat(found(detector, "card " + number)).isEmpty();
  }

  @Test
  void should_reject_number_longer_than_nineteen_digits() {
    assertThat(found(detector, "id 41111111111111111111")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rooms 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
        "days 18 19 20 21 22 23 24 25 26 27 28 29 30"
      })
  void should_not_read_a_list_of_small_numbers_as_a_card(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @Test
  void should_find_card_followed_by_its_cvv() {
    assertThat(found(detector, "card 4111 1111 1111 1111 123 exp 12/27"))
        .containsExactly("4111 1111 1111 1111");
  }

  @Test
  void should_find_card_preceded_by_another_number() {
    assertThat(found(detector, "order 2024 4111 1111 1111 1111"))
        .containsExactly("4111 1111 1111 1111");
  }

  @Test
  void should_not_find_card_inside_a_longer_word_or_number() {
    assertThat(found(detector, "token ab4111111111111111 and 94111111111111111")).isEmpty();
  }
}
