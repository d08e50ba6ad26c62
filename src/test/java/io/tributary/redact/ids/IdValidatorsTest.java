package io.tributary.redact.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each validator against the worked examples its issuer (or the standard reference for it)
 * publishes, and counter-examples: a changed check digit, a wrong length, an impossible date.
 */
class IdValidatorsTest {

  @ParameterizedTest(name = "{0} accepts {1}")
  @CsvSource({
    // HMRC NIM39110: two prefix letters, six digits, suffix A-D
    "uk-nino, AB123456C",
    "uk-nino, JG103759A",
    // NHS Data Dictionary's worked example
    "uk-nhs, 9434765919",
    "uk-nhs, 4010232137",
    // INSEE: the NIR of the Wikipedia/INSEE example, and a Corsican one (2A read as 19)
    "fr-nir, 255081416802538",
    "fr-nir, 185052A12345633",
    // BZSt test number
    "de-steuer-id, 86095742719",
    "de-steuer-id, 65929970489",
    // Agenzia delle Entrate: Mario Rossi; Matteo Moretti (Milano)
    "it-codice-fiscale, RSSMRA85T10A562S",
    "it-codice-fiscale, MRTMTT25D09F205Z",
    // Ministerio del Interior: 12345678Z; NIE X1234567L
    "es-dni, 12345678Z",
    "es-nie, X1234567L",
    "es-nie, Y1234567X",
    // AT: the weighted sum 9..2
    "pt-nif, 123456789",
    "pt-nif, 501442600",
    // Elfproef
    "nl-bsn, 111222333",
    "nl-bsn, 123456782",
    // Rijksregister: 85.07.30-033.28, and one born after 2000 (2 prefixed)
    "be-national-number, 85073003328",
    "be-national-number, 17073003384",
    // Skatteverket: 811218-9876, 640327-3813, and the twelve-digit form
    "se-personnummer, 8112189876",
    "se-personnummer, 6403273813",
    "se-personnummer, 198112189876",
    // CPR: a date and four digits
    "dk-cpr, 0707614285",
    // Skatteetaten: two modulus-11 check digits
    "no-fodselsnummer, 15076500565",
    "no-fodselsnummer, 01010750160",
    "no-fodselsnummer, 29029600013",
    // DVV: 131052-308T, a new century sign
    "fi-hetu, 131052-308T",
    "fi-hetu, 010594Y9032",
    // PESEL: 44051401359, 02070803628 (born 2002)
    "pl-pesel, 44051401359",
    "pl-pesel, 02070803628",
    // Receita Federal
    "br-cpf, 52998224725",
    "br-cpf, 11144477735",
    // ESDC's example SIN
    "ca-sin, 046454286",
    // ATO
    "au-tfn, 123456782",
    "au-tfn, 876543210",
    // UIDAI (Verhoeff)
    "in-aadhaar, 234123412346",
    "in-aadhaar, 499118665246",
    "in-pan, ABCPE1234F",
    // ICA: S1234567D
    "sg-nric, S1234567D",
    "sg-nric, T0000001E",
    // M series (FINs from 2022): weights plus 3, ICA's table KLJNPQRTUWX at 11 - (sum mod 11)
    "sg-nric, M1234567K",
    "sg-nric, M0000000T",
    "sg-nric, M5000001R",
    "sg-nric, M0001000J",
    "us-ssn, 123456789",
    "document-number, C01X00T47"
  })
  void should_accept_published_example(String validator, String value) {
    assertThat(IdValidators.named(validator).test(value)).isTrue();
  }

  @ParameterizedTest(name = "{0} rejects {1}")
  @CsvSource({
    "uk-nino, QQ123456C", // Q never in the prefix (the form's dummy example)
    "uk-nino, GB123456A", // unallocated prefix
    "uk-nino, AB123456E", // suffix beyond D
    "uk-nino, AB12345C", // too short
    "uk-nhs, 9434765918", // check digit
    "uk-nhs, 943476591", // length
    "uk-nhs, 1111111111", // one digit repeated
    "fr-nir, 255081416802539", // key
    "fr-nir, 555081416802538", // sex 5
    "fr-nir, 255131416802538", // month 13
    "fr-nir, 185052A12345634", // Corsican key
    "de-steuer-id, 86095742718", // check digit
    "de-steuer-id, 01234567890", // leading zero
    "de-steuer-id, 12345678903", // no digit repeated
    "it-codice-fiscale, RSSMRA85T10A562T", // check letter
    "it-codice-fiscale, RSSMRA85Z10A562S", // month Z
    "it-codice-fiscale, RSSMRA85T32A562S", // day 32
    "es-dni, 12345678A",
    "es-dni, 1234567Z",
    "es-nie, A1234567L",
    "es-nie, X1234567M",
    "pt-nif, 123456788",
    "pt-nif, 423456789", // first digit 4
    "nl-bsn, 123456789",
    "nl-bsn, 000000000",
    "be-national-number, 85073003329",
    "be-national-number, 85133003328", // month 13
    "se-personnummer, 8112189875", // Luhn
    "se-personnummer, 8113189876", // month 13
    "se-personnummer, 811218987", // length
    "dk-cpr, 3213614285", // month 13... day 32
    "dk-cpr, 3002614285", // 30 February
    "no-fodselsnummer, 15076500566",
    "no-fodselsnummer, 32076500565", // day 32
    "fi-hetu, 131052-308U",
    "fi-hetu, 311152-308T", // 31 November
    "fi-hetu, 131052G308T", // century sign G
    "pl-pesel, 44051401358",
    "pl-pesel, 44133101351", // month 13
    "br-cpf, 52998224724",
    "br-cpf, 11111111111", // repeated digit
    "ca-sin, 046454287",
    "ca-sin, 846454288", // Luhn holds, first digit 8 unused
    "au-tfn, 123456789",
    "in-aadhaar, 234123412345", // Verhoeff
    "in-aadhaar, 134123412346", // first digit 1
    "in-pan, ABCXE1234F", // status X
    "in-pan, ABCPE12345",
    "sg-nric, S1234567A",
    "sg-nric, A1234567D",
    "sg-nric, M1234567D", // the S table's letter
    "sg-nric, M0001000M", // the F/G table's letter where the M series has J
    "sg-nric, M1234567X", // no offset of 3
    "us-ssn, 666123456",
    "us-ssn, 123006789",
    "document-number, 111111111",
    "document-number, PASSPORTA"
  })
  void should_reject_counter_example(String validator, String value) {
    assertThat(IdValidators.named(validator).test(value)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"79927398713, true", "79927398710, false"})
  void luhn_follows_iso_7812(String digits, boolean valid) {
    assertThat(IdValidators.luhn(digits)).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"2363, true", "2364, false", "2360, false"})
  void verhoeff_follows_the_published_example(String digits, boolean valid) {
    assertThat(IdValidators.verhoeff(digits)).isEqualTo(valid);
  }

  @org.junit.jupiter.api.Test
  void should_refuse_an_unknown_validator_name() {
    assertThatThrownBy(() -> IdValidators.named("xx-none"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
