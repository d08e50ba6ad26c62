package io.tributary.redact;

import static io.tributary.redact.Fixtures.record;
import static io.tributary.redact.Fixtures.redactor;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.EntityOperator;
import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.EqualVersion;
import io.tributary.model.RedactedRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole fields redacted by what their name, their values or the source says they hold. */
class FieldTypesTest {

  private final DetectingRedactor redactor = redactor();

  private static SourceSettings settings(
      Map<String, FieldAction> fields, Map<String, String> fieldTypes) {
    return new SourceSettings(
        "test",
        fields,
        FieldAction.SCAN,
        FieldAction.MASK,
        List.of(),
        "fp",
        Map.of("PERSON", EntityOperator.REPLACE),
        null,
        EqualVersion.REJECT,
        io.tributary.config.RecordMapping.TRIBUTARY,
        fieldTypes);
  }

  private static Map<String, String> fields(String... pathsAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      fields.put(pathsAndValues[i], pathsAndValues[i + 1]);
    }
    return fields;
  }

  private RedactedRecord redact(Map<String, String> fields, SourceSettings settings) {
    return redactor.redact(record(fields, null, Map.of()), settings);
  }

  @Test
  void should_redact_whole_value_of_fields_named_for_personal_data() {
    RedactedRecord r =
        redact(
            fields(
                "name", "Kenji Watanabe",
                "TelephoneNumber", "654321",
                "street_address", "Kastanienallee 12, Hinterhaus",
                "NationalID", "0707614285",
                "status", "open"),
            settings(Map.of(), Map.of()));
    assertThat(r.fields())
        .containsEntry("name", "<PERSON_1>")
        .containsEntry("TelephoneNumber", "[PHONE]")
        .containsEntry("street_address", "[LOCATION]")
        .containsEntry("NationalID", "[NATIONAL_ID]")
        .containsEntry("status", "open");
    assertThat(r.report().classifiedFields())
        .containsEntry("name", "PERSON")
        .containsEntry("TelephoneNumber", "PHONE")
        .containsEntry("street_address", "LOCATION")
        .containsEntry("NationalID", "NATIONAL_ID")
        .doesNotContainKey("status");
    assertThat(r.report().counts()).containsEntry("PERSON", 1).containsEntry("NATIONAL_ID", 1);
  }

  @Test
  void should_let_explicit_field_policy_win_and_never_touch_kept_field() {
    RedactedRecord r =
        redact(
            fields("name", "Kenji Watanabe", "phone", "654321", "email", "x"),
            settings(
                Map.of(
                    "name", FieldAction.KEEP, "phone", FieldAction.HASH, "email", FieldAction.DROP),
                Map.of("name", "PERSON")));
    assertThat(r.fields()).containsEntry("name", "Kenji Watanabe").doesNotContainKey("email");
    assertThat(r.fields().get("phone")).startsWith("hmac:");
    assertThat(r.report().classifiedFields()).isEmpty();
  }

  @Test
  void should_apply_pinned_type_and_none_from_source_settings() {
    RedactedRecord r =
        redact(
            fields("ref", "K-77 internal", "name", "Build server 7"),
            settings(Map.of(), Map.of("ref", "NATIONAL_ID", "name", "none")));
    assertThat(r.fields())
        .containsEntry("ref", "[NATIONAL_ID]")
        .containsEntry("name", "Build server 7");
    assertThat(r.report().classifiedFields()).containsOnlyKeys("ref");
  }

  @Test
  void should_classify_by_values_when_name_says_nothing() {
    RedactedRecord r =
        redact(
            fields(
                "ids[0]", "AB123456C",
                "ids[1]", "131052-308T",
                "ids[2]", "K0000-internal",
                "code", "alice@example.com"),
            settings(Map.of(), Map.of()));
    assertThat(r.fields())
        .containsEntry("ids[0]", "[NATIONAL_ID]")
        .containsEntry("ids[1]", "[NATIONAL_ID]")
        .containsEntry("ids[2]", "[NATIONAL_ID]") // most of the field's values are identifiers
        .containsEntry("code", "[EMAIL]");
    assertThat(r.report().classifiedFields())
        .containsEntry("ids[2]", "NATIONAL_ID")
        .containsEntry("code", "EMAIL");
  }

  @Test
  void should_not_classify_field_whose_values_are_mostly_not_identifiers() {
    RedactedRecord r =
        redact(
            fields("notes[0]", "AB123456C", "notes[1]", "call back", "notes[2]", "done"),
            settings(Map.of(), Map.of()));
    assertThat(r.fields())
        .containsEntry("notes[0]", "[NATIONAL_ID]")
        .containsEntry("notes[1]", "call back")
        .containsEntry("notes[2]", "done");
    assertThat(r.report().classifiedFields()).isEmpty();
  }

  @Test
  void should_redact_classified_field_in_dead_letter_payload() {
    String raw = "{\"id\":\"r1\",\"fields\":{\"name\":\"Kenji Watanabe\",\"nir\":\"x\",\"n\":3}}";
    String redacted = redactor.redactPayload(raw, settings(Map.of(), Map.of()));
    assertThat(redacted).doesNotContain("Kenji", "Watanabe").contains("PERSON").contains("\"n\":3");
  }

  /** Every value of the support tickets' {@code Product Purchased} column. */
  private static final List<String> TICKET_PRODUCTS =
      List.of(
          "Adobe Photoshop",
          "Amazon Echo",
          "Amazon Kindle",
          "Apple AirPods",
          "Asus ROG",
          "Autodesk AutoCAD",
          "Bose QuietComfort",
          "Bose SoundLink Speaker",
          "Canon DSLR Camera",
          "Canon EOS",
          "Dell XPS",
          "Dyson Vacuum Cleaner",
          "Fitbit Charge",
          "Fitbit Versa Smartwatch",
          "Garmin Forerunner",
          "GoPro Action Camera",
          "GoPro Hero",
          "Google Nest",
          "Google Pixel",
          "HP Pavilion",
          "LG OLED",
          "LG Smart TV",
          "LG Washing Machine",
          "Lenovo ThinkPad",
          "MacBook Pro",
          "Microsoft Office",
          "Microsoft Surface",
          "Microsoft Xbox Controller",
          "Nest Thermostat",
          "Nikon D",
          "Nintendo Switch",
          "Nintendo Switch Pro Controller",
          "Philips Hue Lights",
          "PlayStation",
          "Roomba Robot Vacuum",
          "Samsung Galaxy",
          "Samsung Soundbar",
          "Sony 4K HDR TV",
          "Sony PlayStation",
          "Sony Xperia",
          "Xbox",
          "iPhone");

  @Test
  void should_keep_product_names_in_fields_that_name_a_product() {
    // before: 8 of these 42 were PERSON ("HP Pavilion", "Dell XPS", "Garmin Forerunner"...)
    for (String product : TICKET_PRODUCTS) {
      for (String field : List.of("product", "Product Purchased", "brand", "device_model")) {
        RedactedRecord r =
            redact(
                fields(field, product, "subject", "Refund request"), settings(Map.of(), Map.of()));
        assertThat(r.fields()).as(field).containsEntry(field, product);
        assertThat(r.report().counts()).as(field + ": " + product).isEmpty();
      }
    }
  }

  @Test
  void should_still_redact_names_and_identifiers_around_product_fields() {
    RedactedRecord r =
        redact(
            fields(
                "product", "Dell XPS",
                "product_owner", "Kenji Watanabe",
                "comment", "Ask Rebecca Fleming about the Dell XPS",
                "model", "reach me at jane.doe@example.com"),
            settings(Map.of(), Map.of()));
    assertThat(r.fields()).containsEntry("product", "Dell XPS");
    assertThat(r.fields().get("product_owner")).doesNotContain("Watanabe");
    assertThat(r.fields().get("comment")).doesNotContain("Fleming");
    assertThat(r.fields().get("model")).doesNotContain("jane.doe@example.com");
  }
}
