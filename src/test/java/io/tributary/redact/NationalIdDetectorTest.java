package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.EntityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NationalIdDetectorTest {

  private final NationalIdDetector detector = new NationalIdDetector();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "NINO | Her NI number is AB 12 34 56 C, on file. | AB 12 34 56 C",
        "NINO compact | ab123456c | ab123456c",
        "NHS | NHS number 943 476 5919 | 943 476 5919",
        "NIR | n° de sécu 2 55 08 14 168 025 38 | 2 55 08 14 168 025 38",
        "NIR Corsica | NIR 1 85 05 2A 123 456 33. | 1 85 05 2A 123 456 33",
        "Steuer-ID | Steuer-ID: 86 095 742 719 | 86 095 742 719",
        "codice fiscale | CF RSSMRA85T10A562S | RSSMRA85T10A562S",
        "DNI | DNI 12345678-Z | 12345678-Z",
        "NIE | X1234567L | X1234567L",
        "NIF | NIF 123 456 789 | 123 456 789",
        "BSN | BSN: 111222333 | 111222333",
        "BE | 85.07.30-033.28 | 85.07.30-033.28",
        "personnummer | 811218-9876 | 811218-9876",
        "personnummer long | personnummer 198112189876 | 198112189876",
        "CPR | CPR-nr. 070761-4285 | 070761-4285",
        "fødselsnummer | 15076500565 | 15076500565",
        "HETU | 131052-308T | 131052-308T",
        "PESEL | PESEL 44051401359 | 44051401359",
        "CPF written | 529.982.247-25 | 529.982.247-25",
        "CPF bare | CPF 52998224725 | 52998224725",
        "SIN | Social Insurance Number 046 454 286 | 046 454 286",
        "TFN | TFN 123 456 782 | 123 456 782",
        "Aadhaar | Aadhaar: 2341 2341 2346 | 2341 2341 2346",
        "PAN | PAN card ABCPE1234F | ABCPE1234F",
        "NRIC | S1234567D | S1234567D",
        "FIN M series | FIN M1234567K issued 2023 | M1234567K",
        "SSN bare | SSN on file 123456789 | 123456789",
        "passport | Passport No. C01X00T47 | C01X00T47",
        "passport fr | numéro de passeport : 12AB34567 | 12AB34567",
        "licence | driving licence MORGA753116SM9IJ | MORGA753116SM9IJ",
        "Führerschein | Führerschein B072RRE2I55 | B072RRE2I55",
        "licence after a word | my driver's license number is 2270-66-1551 | 2270-66-1551"
      })
  void should_find_identifier(String name, String text, String id) {
    assertThat(found(detector, text)).containsExactly(id);
  }

  @Test
  void should_type_ssn_passport_and_licence() {
    assertThat(detector.find("SSN 123456789").get(0).type()).isEqualTo(EntityType.US_SSN);
    assertThat(detector.find("passport 123456789").get(0).type()).isEqualTo(EntityType.PASSPORT);
    assertThat(detector.find("driver's license D1234567").get(0).type())
        .isEqualTo(EntityType.DRIVING_LICENCE);
    assertThat(detector.find("AB123456C").get(0).type()).isEqualTo(EntityType.NATIONAL_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Order 123456789 shipped", // nine digits, no context (a valid NIF and TFN, even)
        "ticket 123456782 closed", // passes the elfproef and TFN, but no context
        "call 9434765919 today", // a valid NHS number but no context: a phone number
        "invoice 046454286", // Luhn, no context
        "part 52998224725", // CPF check digits, no context
        "id 2341 2341 2346 card", // Verhoeff, no Aadhaar context
        "SKU ABCPE1234F", // PAN shape, no context
        "total 1234567890123 EUR",
        "2024-01-05 and 12.05.1985",
        "passport expires 2027-03-01",
        "FIN M0001000M on file", // the F/G check letter, not the M series' J
      })
  void should_not_report_number_without_context_or_check(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SSN 123456788-1", // inside a longer number
        "NIR 2 55 08 14 168 025 39", // key wrong
        "RSSMRA85T10A562T", // check letter wrong
        "131052-308U", // control character wrong
        "BSN 123456789", // elfproef fails
        "PESEL 44051401358",
        "x811218-9876", // inside a word
        "AB123456CD", // longer word
      })
  void should_reject_invalid_identifier(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @Test
  void should_find_several_in_one_text_at_their_positions() {
    String text = "a: AB123456C, b: 131052-308T; c: S1234567D.";
    assertThat(found(detector, text)).containsExactly("AB123456C", "131052-308T", "S1234567D");
  }
}
