package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordOp;
import io.tributary.model.Sha256;
import io.tributary.model.SourceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RawDigestTest {

  static final DetectingRedactor REDACTOR =
      new DetectingRedactor(DetectingRedactor.standardDetectors(), new Pseudonymizer(Fixtures.KEY));

  static SourceRecord record(
      String id,
      Long version,
      Map<String, String> fields,
      String text,
      List<String> acl,
      Map<String, String> metadata,
      Origin origin,
      RecordKind kind) {
    return new SourceRecord(
        new RecordKey("crm", id),
        version,
        RecordOp.UPSERT,
        fields,
        text,
        acl,
        metadata,
        origin,
        kind);
  }

  static final SourceRecord BASE =
      record(
          "C-1",
          1L,
          Map.of("email", "ada@example.com"),
          "Ada called.",
          List.of("g1"),
          Map.of("region", "eu"),
          Origin.http(),
          RecordKind.RECORD);

  @Test
  void should_be_the_same_for_the_same_content_whatever_its_version_or_origin() {
    SourceRecord again =
        record(
            "C-1",
            7L,
            Map.of("email", "ada@example.com"),
            "Ada called.",
            List.of("g1"),
            Map.of("region", "eu"),
            new Origin("kafka", "tributary.crm", 0, 42L, null),
            RecordKind.RECORD);
    assertThat(REDACTOR.rawDigest(again)).isEqualTo(REDACTOR.rawDigest(BASE)).hasSize(64);
  }

  @Test
  void should_differ_when_any_part_that_redaction_reads_differs() {
    Map<String, String> twoFields = new LinkedHashMap<>();
    twoFields.put("email", "ada@example.com");
    twoFields.put("x", null);
    List<SourceRecord> variants =
        List.of(
            BASE,
            record(
                "C-2",
                1L,
                BASE.fields(),
                BASE.text(),
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                Map.of("email", "bob@example.com"),
                BASE.text(),
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                Map.of("mail", "ada@example.com"),
                BASE.text(),
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                twoFields,
                BASE.text(),
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                "Ada called!",
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                null,
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                BASE.text(),
                List.of("g2"),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                BASE.text(),
                List.of(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                BASE.text(),
                BASE.acl(),
                Map.of("region", "us"),
                Origin.http(),
                RecordKind.RECORD),
            record(
                "C-1",
                1L,
                BASE.fields(),
                BASE.text(),
                BASE.acl(),
                BASE.metadata(),
                Origin.http(),
                RecordKind.DOCUMENT));
    Set<String> digests = variants.stream().map(REDACTOR::rawDigest).collect(Collectors.toSet());
    assertThat(digests).hasSize(variants.size());
  }

  @Test
  void should_be_keyed_and_never_a_plain_hash_or_pseudonym_of_the_content() {
    DetectingRedactor otherKey =
        new DetectingRedactor(
            DetectingRedactor.standardDetectors(), new Pseudonymizer(Fixtures.OTHER_KEY));
    String digest = REDACTOR.rawDigest(BASE);
    assertThat(otherKey.rawDigest(BASE)).isNotEqualTo(digest);
    assertThat(
            Stream.of("Ada called.", "ada@example.com", BASE.toString()).map(Sha256::hex).toList())
        .doesNotContain(digest);
    assertThat(digest).doesNotStartWith(new Pseudonymizer(Fixtures.KEY).pseudonym("Ada called."));
  }
}
