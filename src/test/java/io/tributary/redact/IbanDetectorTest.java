package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {

  private final IbanDetector detector = new IbanDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "NL91ABNA0417164300",
        "FR14 2004 1010 0505 0001 3M02 606"
      })
  void should_find_iban_with_and_without_spaces(String iban) {
    assertThat(found(detector, "Pay to " + iban + ", thanks.")).containsExactly(iban);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GB82 WEST 1234 5698 7654 33", // check digits do not match
        "GB83WEST12345698765432",
        "DE89370400440532013001",
        "GB82WEST123456987654", // too short for GB
        "DE8937040044053201300012", // too long for DE
        "ZZ82WEST12345698765432", // unknown country
        "US64SVBKUS6S3300958879"
      })
  void should_reject_iban_failing_country_length_or_checksum(String text) {
    assertThat(found(detector, "IBAN " + text)).isEmpty();
  }

  @Test
  void should_find_iban_followed_by_upper_case_words() {
    assertThat(found(detector, "IBAN GB82 WEST 1234 5698 7654 32 EUR BIC NWBKGB2L"))
        .containsExactly("GB82 WEST 1234 5698 7654 32");
  }

  @Test
  void should_not_report_iban_inside_a_longer_token() {
    assertThat(found(detector, "ref XGB82WEST12345698765432 and GB82WEST12345698765432X"))
        .isEmpty();
  }
}
