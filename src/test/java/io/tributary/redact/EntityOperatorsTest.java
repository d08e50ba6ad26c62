package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.EntityOperator;
import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.RedactedRecord;
import io.tributary.model.SourceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operators per entity type, numbered placeholders per record, and the per-field report. */
class EntityOperatorsTest {

  final DetectingRedactor redactor =
      new DetectingRedactor(
          DetectingRedactor.standardDetectors(),
          new Pseudonymizer("operators-test-key-0123456789abcdef"));

  static SourceSettings settings(Map<String, EntityOperator> entities) {
    return new SourceSettings(
        "ops",
        Map.of("ssn", FieldAction.DROP),
        FieldAction.SCAN,
        FieldAction.MASK,
        List.of(),
        "fp",
        entities);
  }

  static SourceRecord record(Map<String, String> fields, String text) {
    return new SourceRecord(
        new RecordKey("ops", "R-1"),
        1L,
        RecordOp.UPSERT,
        fields,
        text,
        List.of(),
        Map.of("owner", "ops@example.com"),
        Origin.http());
  }

  @Test
  void should_number_replaced_values_per_record_so_the_text_still_reads() {
    RedactedRecord r =
        redactor.redact(
            record(
                Map.of(),
                "Mail ann@example.com, then bob@example.com, then ann@example.com again."),
            settings(Map.of("EMAIL", EntityOperator.REPLACE)));
    assertThat(r.text()).isEqualTo("Mail <EMAIL_1>, then <EMAIL_2>, then <EMAIL_1> again.");
    assertThat(r.metadata()).containsEntry("owner", "<EMAIL_3>");
  }

  @Test
  void should_keep_only_the_last_four_digits_when_masking() {
    RedactedRecord r =
        redactor.redact(
            record(Map.of(), "Card 4111 1111 1111 1111 on file."),
            settings(Map.of("CREDIT_CARD", EntityOperator.MASK)));
    assertThat(r.text()).isEqualTo("Card **** **** **** 1111 on file.");
  }

  @Test
  void should_drop_keep_or_hash_as_each_type_says() {
    RedactedRecord r =
        redactor.redact(
            record(Map.of(), "ann@example.com 123-45-6789 GB82WEST12345698765432"),
            settings(
                Map.of(
                    "EMAIL",
                    EntityOperator.KEEP,
                    "US_SSN",
                    EntityOperator.DROP,
                    "IBAN",
                    EntityOperator.HASH)));
    assertThat(r.text())
        .startsWith("ann@example.com  [IBAN:")
        .doesNotContain("123-45-6789", "GB82WEST");
    // A kept value is not a redaction: it is not counted.
    assertThat(r.report().counts()).containsOnlyKeys("US_SSN", "IBAN");
  }

  @Test
  void should_report_counts_by_field_and_type_without_values() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ssn", "123-45-6789");
    fields.put("contact", "ann@example.com or +1 415 555 2671");
    RedactedRecord r =
        redactor.redact(record(fields, "Reach ann@example.com."), settings(Map.of()));
    assertThat(r.report().byField())
        .containsEntry("ssn", Map.of("DROPPED_FIELD", 1))
        .containsEntry("contact", Map.of("EMAIL", 1, "PHONE", 1))
        .containsEntry("text", Map.of("EMAIL", 1))
        .containsEntry("metadata.owner", Map.of("EMAIL", 1));
    assertThat(r.report().byField().toString()).doesNotContain("ann@example.com", "123-45-6789");
  }

  @Test
  void should_not_reveal_short_values_when_masking() {
    assertThat(DetectingRedactor.maskAllButLastFour("10.0.0.1")).isEqualTo("**.*.*.*");
    assertThat(DetectingRedactor.maskAllButLastFour("GB82 WEST 1234 5698 7654 32"))
        .isEqualTo("**** **** **** **** **54 32");
  }
}
