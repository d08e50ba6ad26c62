package io.tributary.redact;

import static io.tributary.redact.Fixtures.record;
import static io.tributary.redact.Fixtures.redactor;
import static io.tributary.redact.Fixtures.settings;
import static io.tributary.redact.Fixtures.textRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.RedactedRecord;
import io.tributary.model.SourceRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectingRedactorTest {

  private static final String EMAIL = "alice@example.com";

  private final DetectingRedactor redactor = redactor();

  private static Map<String, String> fields(String... pathsAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      fields.put(pathsAndValues[i], pathsAndValues[i + 1]);
    }
    return fields;
  }

  private RedactedRecord redactField(FieldAction action, String value) {
    return redactor.redact(
        record(fields("f", value, "other", "plain"), null, Map.of()),
        settings(Map.of("f", action), FieldAction.MASK));
  }

  @Test
  void should_remove_dropped_field_and_count_it() {
    RedactedRecord r = redactField(FieldAction.DROP, "123-45-6789");

    assertThat(r.fields()).containsOnlyKeys("other");
    assertThat(r.report().counts()).containsExactly(entry("DROPPED_FIELD", 1));
  }

  @Test
  void should_replace_masked_field_with_placeholder() {
    RedactedRecord r = redactField(FieldAction.MASK, "Alice Example");

    assertThat(r.fields()).containsEntry("f", "[REDACTED]").containsEntry("other", "plain");
    assertThat(r.report().counts()).containsExactly(entry("MASKED_FIELD", 1));
  }

  @Test
  void should_replace_hashed_field_with_keyed_pseudonym() {
    RedactedRecord r = redactField(FieldAction.HASH, EMAIL);

    assertThat(r.fields().get("f")).matches("hmac:[0-9a-f]{16}");
    assertThat(r.report().counts()).containsExactly(entry("HASHED_FIELD", 1));
  }

  @Test
  void should_hash_same_value_to_same_pseudonym_under_same_key() {
    String first = redactField(FieldAction.HASH, EMAIL).fields().get("f");
    String again =
        redactor()
            .redact(
                record(fields("f", EMAIL), null, Map.of()),
                settings(Map.of("f", FieldAction.HASH), FieldAction.MASK))
            .fields()
            .get("f");

    assertThat(again).isEqualTo(first);
    assertThat(redactField(FieldAction.HASH, "bob@example.com").fields().get("f"))
        .isNotEqualTo(first);
  }

  @Test
  void should_hash_same_value_to_different_pseudonym_under_another_key() {
    SourceSettings hash = settings(Map.of("f", FieldAction.HASH), FieldAction.MASK);
    SourceRecord rec = record(fields("f", EMAIL), null, Map.of());

    assertThat(redactor(Fixtures.OTHER_KEY).redact(rec, hash).fields().get("f"))
        .isNotEqualTo(redactor.redact(rec, hash).fields().get("f"));
  }

  @Test
  void should_keep_field_verbatim_even_when_it_contains_an_email() {
    RedactedRecord r = redactField(FieldAction.KEEP, "owner " + EMAIL);

    assertThat(r.fields()).containsEntry("f", "owner " + EMAIL);
    assertThat(r.report().counts()).isEmpty();
  }

  @Test
  void should_replace_detected_values_in_scanned_field() {
    RedactedRecord r = redactField(FieldAction.SCAN, "write to " + EMAIL + " or call 555-123-4567");

    assertThat(r.fields()).containsEntry("f", "write to [EMAIL] or call [PHONE]");
    assertThat(r.report().counts()).containsOnly(entry("EMAIL", 1), entry("PHONE", 1));
  }

  @Test
  void should_scan_fields_the_policy_does_not_name() {
    RedactedRecord r =
        redactor.redact(
            record(fields("notes", "ssn 123-45-6789"), null, Map.of()), Fixtures.scanAll());

    assertThat(r.fields()).containsEntry("notes", "ssn [US_SSN]");
  }

  @Test
  void should_label_detected_values_with_type_and_pseudonym_when_text_action_is_hash() {
    RedactedRecord r =
        redactor.redact(textRecord("mail " + EMAIL + " now"), settings(Map.of(), FieldAction.HASH));

    String pseudonym = new Pseudonymizer(Fixtures.KEY).pseudonym(EMAIL);
    assertThat(r.text())
        .isEqualTo("mail [EMAIL:" + pseudonym + "] now")
        .matches("mail \\[EMAIL:[0-9a-f]{16}] now");
  }

  @Test
  void should_count_findings_by_type() {
    String text =
        "a@example.com, b@example.org, card 4111 1111 1111 1111, ssn 123-45-6789, "
            + "iban GB82 WEST 1234 5698 7654 32, host 10.0.0.1, phone +44 20 7946 0958";

    RedactedRecord r = redactor.redact(textRecord(text), Fixtures.scanAll());

    assertThat(r.report().counts())
        .containsOnly(
            entry("EMAIL", 2),
            entry("CREDIT_CARD", 1),
            entry("US_SSN", 1),
            entry("IBAN", 1),
            entry("IP_ADDRESS", 1),
            entry("PHONE", 1));
    assertThat(r.report().total()).isEqualTo(7);
    assertThat(r.text())
        .isEqualTo(
            "[EMAIL], [EMAIL], card [CREDIT_CARD], ssn [US_SSN], iban [IBAN], host [IP_ADDRESS],"
                + " phone [PHONE]");
  }

  @Test
  void should_redact_email_containing_phone_like_digits_as_one_email() {
    RedactedRecord r =
        redactor.redact(textRecord("from john.555-123-4567@example.com today"), Fixtures.scanAll());

    assertThat(r.text()).isEqualTo("from [EMAIL] today");
    assertThat(r.report().counts()).containsExactly(entry("EMAIL", 1));
  }

  @Test
  void should_redact_card_and_neighbouring_phone_separately() {
    RedactedRecord r =
        redactor.redact(
            textRecord("card 4111 1111 1111 1111 call 555-123-4567"), Fixtures.scanAll());

    assertThat(r.text()).isEqualTo("card [CREDIT_CARD] call [PHONE]");
  }

  @Test
  void should_leave_no_digit_of_a_card_when_a_phone_finding_overlaps_it() {
    // The phone detector reads "030 4111 1111"; the card detector "4111 1111 1111 1111".
    assertThat(redactor.resolve("Tel 030 4111 1111 1111 1111")).hasSize(1);
    RedactedRecord r =
        redactor.redact(textRecord("Tel 030 4111 1111 1111 1111 ok"), Fixtures.scanAll());

    assertThat(r.text()).isEqualTo("Tel [CREDIT_CARD] ok");
    assertThat(r.report().counts()).containsExactly(entry("CREDIT_CARD", 1));
  }

  @Test
  void should_label_same_span_found_by_two_detectors_with_the_more_specific_type() {
    // A valid SSN is also phone-shaped; the SSN detector is listed first.
    assertThat(redactor.redactText("SSN 123-45-6789").text()).isEqualTo("SSN [US_SSN]");
  }

  @Test
  void should_scan_metadata_values() {
    RedactedRecord r =
        redactor.redact(
            record(
                Map.of(),
                "body",
                Map.of("author", "Alice <" + EMAIL + ">", "client.ip", "10.1.2.3")),
            Fixtures.scanAll());

    // "Alice" is a person's name since the PERSON detector exists
    assertThat(r.metadata())
        .containsEntry("author", "[PERSON] <[EMAIL]>")
        .containsEntry("client.ip", "[IP_ADDRESS]");
    assertThat(r.report().counts())
        .containsOnly(entry("PERSON", 1), entry("EMAIL", 1), entry("IP_ADDRESS", 1));
  }

  @Test
  void should_keep_null_text_and_null_values_null() {
    Map<String, String> fields = new HashMap<>();
    fields.put("f", null);
    fields.put("h", null);
    fields.put("g", "x");
    Map<String, String> metadata = new HashMap<>();
    metadata.put("m", null);

    RedactedRecord r =
        redactor.redact(
            record(fields, null, metadata),
            settings(Map.of("h", FieldAction.HASH), FieldAction.MASK));

    assertThat(r.text()).isNull();
    assertThat(r.fields())
        .containsEntry("f", null)
        .containsEntry("h", null)
        .containsEntry("g", "x");
    assertThat(r.metadata()).containsEntry("m", null);
  }

  @Test
  void should_keep_fields_in_source_order() {
    RedactedRecord r =
        redactor.redact(
            record(fields("z", "1", "a", "2", "m", "3"), null, Map.of()), Fixtures.scanAll());

    assertThat(r.fields().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void should_not_change_the_source_record() {
    SourceRecord rec = record(fields("f", EMAIL), "text " + EMAIL, Map.of("m", EMAIL));

    RedactedRecord r = redactor.redact(rec, Fixtures.scanAll());

    assertThat(rec.fields()).containsEntry("f", EMAIL);
    assertThat(rec.text()).isEqualTo("text " + EMAIL);
    assertThat(r.source()).isSameAs(rec);
  }

  @Test
  void should_mask_findings_in_free_text_query() {
    RedactedText q =
        redactor.redactText("orders of alice@example.com from 10.0.0.1 card 4111111111111111");

    assertThat(q.text()).isEqualTo("orders of [EMAIL] from [IP_ADDRESS] card [CREDIT_CARD]");
    assertThat(q.counts())
        .containsOnlyKeys(
            io.tributary.model.EntityType.EMAIL,
            io.tributary.model.EntityType.IP_ADDRESS,
            io.tributary.model.EntityType.CREDIT_CARD);
  }

  @Test
  void should_return_query_without_findings_unchanged() {
    RedactedText q = redactor.redactText("how do I reset my password?");

    assertThat(q.text()).isEqualTo("how do I reset my password?");
    assertThat(q.counts()).isEmpty();
  }

  @Test
  void should_change_policy_version_when_source_settings_fingerprint_changes() {
    SourceRecord rec = textRecord("hello");
    SourceSettings one = settings(Map.of(), FieldAction.MASK);
    SourceSettings sameContent = settings(Map.of(), FieldAction.MASK);
    SourceSettings changed =
        new SourceSettings(
            "test", Map.of(), FieldAction.SCAN, FieldAction.MASK, List.of(), "fingerprint-2");

    String v1 = redactor.redact(rec, one).policyVersion();

    assertThat(redactor.redact(rec, sameContent).policyVersion()).isEqualTo(v1);
    assertThat(redactor.redact(rec, changed).policyVersion()).isNotEqualTo(v1);
  }

  @Test
  void should_change_version_when_hmac_key_changes() {
    assertThat(redactor().version()).isEqualTo(redactor.version());
    assertThat(redactor(Fixtures.OTHER_KEY).version()).isNotEqualTo(redactor.version());
  }

  @Test
  void should_change_version_when_detectors_change() {
    DetectingRedactor fewer =
        new DetectingRedactor(List.of(new EmailDetector()), new Pseudonymizer(Fixtures.KEY));

    assertThat(fewer.version()).isNotEqualTo(redactor.version());
  }

  @Test
  void should_change_policy_version_when_hmac_key_changes() {
    SourceRecord rec = textRecord("hello");

    assertThat(redactor(Fixtures.OTHER_KEY).redact(rec, Fixtures.scanAll()).policyVersion())
        .isNotEqualTo(redactor.redact(rec, Fixtures.scanAll()).policyVersion());
  }

  @Test
  void should_replace_a_secret_value_and_keep_the_word_that_names_it() {
    RedactedRecord r =
        redactor.redact(
            textRecord("login with password=Xy7-pQ2!rs, then rotate it"), Fixtures.scanAll());

    assertThat(r.text()).isEqualTo("login with password=[SECRET], then rotate it");
    assertThat(r.report().counts()).containsExactly(entry("SECRET", 1));
  }

  @Test
  void should_replace_a_date_of_birth_and_keep_other_dates() {
    RedactedRecord r =
        redactor.redact(textRecord("DOB: 1984-03-12, admitted 2024-01-15"), Fixtures.scanAll());

    assertThat(r.text()).isEqualTo("DOB: [DATE_OF_BIRTH], admitted 2024-01-15");
    assertThat(r.report().counts()).containsExactly(entry("DATE_OF_BIRTH", 1));
  }

  @Test
  void should_replace_a_whole_private_key_block_with_one_placeholder() {
    String pem = SecretSamples.privateKey(new java.util.Random(7), "RSA ");

    RedactedText q = redactor.redactText("key:\n" + pem + "\nend");

    assertThat(q.text()).isEqualTo("key:\n[SECRET]\nend");
  }

  @Test
  void should_list_secret_and_date_of_birth_detectors_in_the_standard_set() {
    assertThat(DetectingRedactor.standardDetectors())
        .extracting(Detector::type)
        .containsExactly(
            io.tributary.model.EntityType.EMAIL,
            io.tributary.model.EntityType.IBAN,
            io.tributary.model.EntityType.CREDIT_CARD,
            io.tributary.model.EntityType.US_SSN,
            io.tributary.model.EntityType.NATIONAL_ID,
            io.tributary.model.EntityType.SECRET,
            io.tributary.model.EntityType.DATE_OF_BIRTH,
            io.tributary.model.EntityType.IP_ADDRESS,
            io.tributary.model.EntityType.PHONE,
            io.tributary.model.EntityType.PERSON,
            io.tributary.model.EntityType.LOCATION);
  }
}
