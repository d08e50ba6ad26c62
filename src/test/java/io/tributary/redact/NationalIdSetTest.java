package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Recall and precision on {@code redaction/national-ids.tsv}: identifiers of 21 schemes built from
 * their specifications by {@code scripts/national-ids-set.py} (its own check-digit code, not the
 * validators), planted in sentences with and without context, and numbers that must stay. A value
 * counts as found when one finding of its type covers it; every identifier-type finding that covers
 * no labelled value of its type is a false positive.
 */
class NationalIdSetTest {

  private static final Set<EntityType> ID_TYPES =
      EnumSet.of(
          EntityType.NATIONAL_ID,
          EntityType.US_SSN,
          EntityType.PASSPORT,
          EntityType.DRIVING_LICENCE);

  record Row(String scheme, String type, String text, String value) {}

  static List<Row> rows() throws IOException {
    try (InputStream in =
        NationalIdSetTest.class.getResourceAsStream("/redaction/national-ids.tsv")) {
      List<Row> rows = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (String line : lines) {
        if (line.startsWith("#") || line.startsWith("id\t") || line.isBlank()) {
          continue;
        }
        String[] c = line.split("\t", -1);
        rows.add(new Row(c[1], c[2], c[3], c[4]));
      }
      return rows;
    }
  }

  @Test
  void should_find_checksummed_identifiers_and_leave_numbers_without_context() throws IOException {
    DetectingRedactor redactor = Fixtures.redactor();
    Map<String, int[]> byScheme = new TreeMap<>(); // tp, fn, fp
    int tp = 0;
    int fn = 0;
    int fp = 0;
    for (Row row : rows()) {
      int[] s = byScheme.computeIfAbsent(row.scheme(), k -> new int[3]);
      int at = row.value().isEmpty() ? -1 : row.text().indexOf(row.value());
      boolean found = false;
      for (Finding f : redactor.resolve(row.text())) {
        if (!ID_TYPES.contains(f.type())) {
          continue;
        }
        boolean covers =
            at >= 0
                && f.type().name().equals(row.type())
                && f.start() <= at
                && f.end() >= at + row.value().length();
        if (covers) {
          found = true;
        } else {
          s[2]++;
          fp++;
        }
      }
      if (at >= 0) {
        if (found) {
          s[0]++;
          tp++;
        } else {
          s[1]++;
          fn++;
        }
      }
    }
    StringBuilder table = new StringBuilder("scheme                 tp  fn  fp\n");
    byScheme.forEach(
        (k, v) -> table.append(String.format("%-22s %3d %3d %3d%n", k, v[0], v[1], v[2])));
    double recall = tp / (double) (tp + fn);
    double precision = tp / (double) (tp + fp);
    table.append(String.format("recall %.3f precision %.3f%n", recall, precision));
    System.out.println(table);
    assertThat(recall).as(table.toString()).isGreaterThanOrEqualTo(0.99);
    assertThat(precision).as(table.toString()).isGreaterThanOrEqualTo(0.95);
  }
}
