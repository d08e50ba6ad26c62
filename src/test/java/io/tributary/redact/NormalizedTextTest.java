package io.tributary.redact;

import static io.tributary.redact.Fixtures.redactor;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values that hide their characters are found, and replaced at the text's own positions. */
class NormalizedTextTest {

  private final DetectingRedactor redactor = redactor();

  private String redact(String text) {
    return redactor.redactText(text).text();
  }

  @Test
  void should_be_the_text_itself_when_nothing_changes() {
    NormalizedText n = NormalizedText.of("plain ASCII, café, Zoë, 東京");
    assertThat(n.identity()).isTrue();
    assertThat(n.view()).isEqualTo("plain ASCII, café, Zoë, 東京");
  }

  @Test
  void should_map_hidden_characters_and_back() {
    String text = "a\u200B１２\u2013３\uD835\uDFD1x";
    NormalizedText n = NormalizedText.of(text);
    assertThat(n.view()).isEqualTo("a12-33x");
    // "12-33" in the view is "\u200B"-free "１２–３𝟑" in the text
    int s = n.view().indexOf('1');
    int e = n.view().indexOf('x');
    assertThat(text.substring(n.originalStart(s), n.originalEnd(e)))
        .isEqualTo("１２\u2013３\uD835\uDFD1");
  }

  @Test
  void should_find_email_with_zero_width_characters_inside() {
    assertThat(redact("write to ali\u200Bce@exa\u200Dmple.com please"))
        .isEqualTo("write to [EMAIL] please");
  }

  @Test
  void should_find_card_number_with_zero_width_characters_inside() {
    assertThat(redact("card 4111\u200B1111\u20601111\uFEFF1111 ok"))
        .isEqualTo("card [CREDIT_CARD] ok");
  }

  @Test
  void should_find_ssn_with_zero_width_and_soft_hyphen_inside() {
    assertThat(redact("SSN 123\u200C-45-67\u00AD89.")).isEqualTo("SSN [US_SSN].");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "full-width digits and dash | ＳＳＮ １２３－４５－６７８９ ok | ＳＳＮ [US_SSN] ok",
        "hyphen U+2010 | SSN 123\u201045\u20106789 ok | SSN [US_SSN] ok",
        "en dash | SSN 123\u201345\u20136789 ok | SSN [US_SSN] ok",
        "minus sign | SSN 123\u221245\u22126789 ok | SSN [US_SSN] ok",
        "non-breaking hyphen | SSN 123\u201145\u20116789 ok | SSN [US_SSN] ok",
        "small hyphen-minus | SSN 123\uFE6345\uFE636789 ok | SSN [US_SSN] ok",
        "Arabic-Indic digits | card ٤١١١١١١١١١١١١١١١ ok | card [CREDIT_CARD] ok",
        "Devanagari digits | card ४१११ ११११ ११११ ११११ | card [CREDIT_CARD]",
        "full-width e-mail | mail ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ ok | mail [EMAIL] ok",
        "NINO with zero-width | NI AB\u200B123456\u200BC ok | NI [NATIONAL_ID] ok"
      })
  void should_find_value_written_with_other_digit_or_dash_forms(
      String name, String text, String redacted) {
    assertThat(redact(text)).isEqualTo(redacted);
  }

  @Test
  void should_leave_text_around_a_finding_byte_identical() {
    String before = "note \uD83D\uDC4D café\u200B \u2014 ﬁne ½ \u00A0x ";
    String after = " end \u2060 ①②";
    assertThat(redact(before + "123-45-6789" + after)).isEqualTo(before + "[US_SSN]" + after);
    assertThat(redact(before + after)).isEqualTo(before + after);
  }

  @Test
  void should_give_one_pseudonym_to_a_value_however_it_is_written() {
    String plain = redactor.redactIdentifier("123-45-6789");
    String hidden = redactor.redactIdentifier("１２３\u200B-45-6789");
    assertThat(hidden).isEqualTo(plain).startsWith("[US_SSN:");
  }
}
