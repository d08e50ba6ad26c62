package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.EntityType;
import io.tributary.model.RedactedRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recall of the shipped detectors on the shared labelled PII corpus ({@code
 * ../shared/corpora/pii}): the fraction of labelled values of our entity types that no longer
 * appear verbatim after redaction. Prints a table; asserts floors a little below what was measured,
 * so a regression fails the build. Skipped when the corpus is not checked out next to the project.
 */
class PiiCorpusRecallTest {

  private static final Path CORPUS = Path.of("../shared/corpora");
  private static final Path PRESIDIO = CORPUS.resolve("pii/presidio-synth/synth_dataset_v2.json");
  private static final Path FAKE_IDENTITIES =
      CORPUS.resolve("pii/fake-identities/FakeNameGenerator.com_3000.csv");

  /** Below this many labelled values a recall figure is printed but not asserted. */
  private static final int MIN_SAMPLES = 8;

  private final DetectingRedactor redactor = Fixtures.redactor();

  @Test
  void should_redact_labelled_pii_of_the_shared_corpus_with_at_least_the_measured_recall()
      throws IOException {
    assumeTrue(
        Files.isDirectory(CORPUS.resolve("pii")),
        "shared PII corpus not found at " + CORPUS.toAbsolutePath().normalize() + "; skipping");

    Tally presidio = Files.isRegularFile(PRESIDIO) ? presidio() : null;
    Tally identities = Files.isRegularFile(FAKE_IDENTITIES) ? fakeIdentities() : null;
    assertThat(presidio != null || identities != null)
        .as("no labelled PII file found under " + CORPUS)
        .isTrue();
    if (presidio != null) {
      System.out.println(presidio.table("presidio synth_dataset_v2.json (labelled spans)"));
    }
    if (identities != null) {
      System.out.println(identities.table("FakeNameGenerator.com_3000.csv (labelled columns)"));
    }

    // Floors: measured recall (in the comment) minus a margin of about one miss in the smaller
    // sets.
    if (presidio != null) {
      presidio.assertRecallAtLeast(EntityType.EMAIL, 0.95); // 30/30
      presidio.assertRecallAtLeast(EntityType.PHONE, 0.93); // 67/67
      presidio.assertRecallAtLeast(EntityType.CREDIT_CARD, 0.95); // 92/92
      presidio.assertRecallAtLeast(EntityType.US_SSN, 0.90); // 11/11
      presidio.assertRecallAtLeast(EntityType.IBAN, 0.90); // 11/11
      presidio.assertRecallAtLeast(EntityType.IP_ADDRESS, 0.85); // 9/9
      presidio.assertRecallAtLeast(
          EntityType.PERSON, 0.78); // 463/577 overlapped, dictionary + context
      presidio.assertRecallAtLeast(EntityType.LOCATION, 0.66); // 463/669 (GPE and STREET_ADDRESS)
    }
    if (identities != null) {
      identities.assertRecallAtLeast(EntityType.EMAIL, 0.99); // 1963/1963
      identities.assertRecallAtLeast(EntityType.PHONE, 0.94); // 1894/1963
      identities.assertRecallAtLeast(EntityType.US_SSN, 0.95); // 68/68
    }
  }

  /** Each sentence is redacted as a record's text; each labelled span of our types is checked. */
  private Tally presidio() throws IOException {
    Tally tally = new Tally();
    JsonNode items = new ObjectMapper().readTree(PRESIDIO.toFile());
    for (JsonNode item : items) {
      String text = item.get("full_text").asText();
      RedactedRecord redacted = redactor.redact(Fixtures.textRecord(text), Fixtures.scanAll());
      EnumMap<EntityType, Integer> labelled = new EnumMap<>(EntityType.class);
      for (JsonNode span : item.get("spans")) {
        EntityType type = CorpusScores.PRESIDIO_TYPES.get(span.get("entity_type").asText());
        if (type != null) {
          labelled.merge(type, 1, Integer::sum);
          tally.count(type, span.get("entity_value").asText(), redacted.text());
        }
      }
      tally.findingsWithoutLabel(redacted.report().counts(), labelled);
    }
    return tally;
  }

  /**
   * Each identity row becomes a short support note; the e-mail and telephone columns, and the
   * national id of US rows (an SSN), are the labels. The card column is Excel-mangled upstream
   * ({@code 5.54563E+15}) and is not a label.
   */
  private Tally fakeIdentities() throws IOException {
    Tally tally = new Tally();
    try (BufferedReader in = Files.newBufferedReader(FAKE_IDENTITIES, StandardCharsets.UTF_8)) {
      List<String> header = List.of(in.readLine().replace("\uFEFF", "").split(","));
      int email = header.indexOf("EmailAddress");
      int phone = header.indexOf("TelephoneNumber");
      int country = header.indexOf("Country");
      int nationalId = header.indexOf("NationalID");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] row = line.split(",", -1);
        if (row.length != header.size()) {
          continue; // an unquoted comma inside a value; the columns cannot be trusted
        }
        boolean us = row[country].equals("US");
        String text =
            "Customer wrote from "
                + row[email]
                + " and asked to be called back on "
                + row[phone]
                + "."
                + (us && !row[nationalId].isEmpty()
                    ? " SSN on file: " + row[nationalId] + "."
                    : "");
        String out = redactor.redact(Fixtures.textRecord(text), Fixtures.scanAll()).text();
        tally.count(EntityType.EMAIL, row[email], out);
        tally.count(EntityType.PHONE, row[phone], out);
        if (us && !row[nationalId].isEmpty()) {
          tally.count(EntityType.US_SSN, row[nationalId], out);
        }
      }
    }
    return tally;
  }

  /** Labelled and redacted counts per type, plus findings in texts without a label of that type. */
  private static final class Tally {
    private final EnumMap<EntityType, Integer> labelled = new EnumMap<>(EntityType.class);
    private final EnumMap<EntityType, Integer> redacted = new EnumMap<>(EntityType.class);
    private final EnumMap<EntityType, Integer> unlabelledFindings = new EnumMap<>(EntityType.class);
    private final EnumMap<EntityType, List<String>> missed = new EnumMap<>(EntityType.class);

    void count(EntityType type, String value, String output) {
      labelled.merge(type, 1, Integer::sum);
      if (output.contains(value)) {
        missed.computeIfAbsent(type, t -> new ArrayList<>()).add(value);
      } else {
        redacted.merge(type, 1, Integer::sum);
      }
    }

    void findingsWithoutLabel(Map<String, Integer> found, Map<EntityType, Integer> labels) {
      found.forEach(
          (name, n) -> {
            EntityType type = EntityType.valueOf(name);
            int extra = n - labels.getOrDefault(type, 0);
            if (extra > 0) {
              unlabelledFindings.merge(type, extra, Integer::sum);
            }
          });
    }

    double recall(EntityType type) {
      int n = labelled.getOrDefault(type, 0);
      return n == 0 ? Double.NaN : redacted.getOrDefault(type, 0) / (double) n;
    }

    void assertRecallAtLeast(EntityType type, double floor) {
      int n = labelled.getOrDefault(type, 0);
      if (n < MIN_SAMPLES) {
        return;
      }
      assertThat(recall(type))
          .as("recall of %s over %d labelled values; missed e.g. %s", type, n, examples(type))
          .isGreaterThanOrEqualTo(floor);
    }

    private List<String> examples(EntityType type) {
      List<String> m = missed.getOrDefault(type, List.of());
      return m.subList(0, Math.min(10, m.size()));
    }

    String table(String title) {
      StringBuilder t = new StringBuilder("\n== PII recall: ").append(title).append('\n');
      t.append(
          String.format(
              Locale.ROOT,
              "%-12s %8s %8s %7s %12s%n",
              "type",
              "labelled",
              "redacted",
              "recall",
              "unlabelled"));
      for (EntityType type : labelled.keySet()) {
        t.append(
            String.format(
                Locale.ROOT,
                "%-12s %8d %8d %6.1f%% %12d%n",
                type,
                labelled.get(type),
                redacted.getOrDefault(type, 0),
                100 * recall(type),
                unlabelledFindings.getOrDefault(type, 0)));
      }
      missed.forEach(
          (type, values) ->
              t.append("  missed ").append(type).append(": ").append(examples(type)).append('\n'));
      return t.toString();
    }
  }
}
