package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Attachment names become part of record ids: redacted, yet stable and distinct. */
class IdentifierRedactionTest {

  final DetectingRedactor redactor =
      new DetectingRedactor(
          DetectingRedactor.standardDetectors(), new Pseudonymizer("k".repeat(32)));

  @Test
  void pseudonymizes_sensitive_values_in_a_name_stably_and_distinctly() {
    String a = redactor.redactIdentifier("/scan SSN 123-45-6789 card 4111 1111 1111 1111.pdf");
    String b = redactor.redactIdentifier("/scan SSN 123-45-6780 card 4111 1111 1111 1111.pdf");

    assertThat(a)
        .doesNotContain("123-45-6789")
        .doesNotContain("4111 1111 1111 1111")
        .contains("[US_SSN:")
        .contains("[CREDIT_CARD:")
        .endsWith(".pdf");
    assertThat(redactor.redactIdentifier("/scan SSN 123-45-6789 card 4111 1111 1111 1111.pdf"))
        .isEqualTo(a);
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void leaves_a_name_without_sensitive_values_as_it_is() {
    assertThat(redactor.redactIdentifier("/minutes/2024-q3-budget.xlsx"))
        .isEqualTo("/minutes/2024-q3-budget.xlsx");
  }

  /** A reindex re-reads stored ids: redacting an id that is already redacted must not change it. */
  @Test
  void redacting_a_redacted_id_changes_nothing() {
    for (String id :
        java.util.List.of(
            "Payroll - olga.k@example.com - SSN 123-45-6789.html",
            "customer judy.hopps@zootopia.example",
            "call +1 415 555 0134 about card 4111 1111 1111 1111",
            "plain-id-42",
            "x".repeat(600) + " olga.k@example.com")) {
      String once = redactor.redactRecordId(id);
      assertThat(redactor.redactRecordId(once)).as(id).isEqualTo(once);
      assertThat(redactor.redactIdentifier(redactor.redactIdentifier(id)))
          .isEqualTo(redactor.redactIdentifier(id));
    }
  }
}
