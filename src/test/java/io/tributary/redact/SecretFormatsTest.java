package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The secrets evaluation set {@code redaction/secret-formats.tsv}: positives per vendor written
 * from the vendors' documented formats, and hard negatives (hashes, UUIDs, base64, digests).
 * Samples are made at test time with a fixed seed. A positive is recalled when every generated part
 * lies inside a finding of {@link SecretDetector}; a negative with any finding is a false positive.
 * Also checks the rule table itself (size, unique ids).
 */
class SecretFormatsTest {

  static final int SAMPLES_PER_LINE = 5;

  /** One generated sample: the text and the spans of its generated (secret) parts. */
  record Sample(boolean positive, String vendor, String template, String text, List<int[]> parts) {}

  /** Counts per vendor. */
  static final class Score {
    int positives;
    int recalled;
    int negatives;
    int falsePositives;
    final List<String> missed = new ArrayList<>();
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(uuid|[A-Za-z]+:\\d+)}");

  static List<Sample> samples() throws IOException {
    List<Sample> samples = new ArrayList<>();
    Random random = new Random(20261202L);
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                SecretFormatsTest.class.getResourceAsStream("/redaction/secret-formats.tsv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        for (int n = 0; n < SAMPLES_PER_LINE; n++) {
          samples.add(make(f[0].equals("pos"), f[1], f[2], random));
        }
      }
    }
    return samples;
  }

  private static Sample make(boolean positive, String vendor, String template, Random random) {
    StringBuilder text = new StringBuilder();
    List<int[]> parts = new ArrayList<>();
    String t = template.replace("\\n", "\n");
    Matcher m = PLACEHOLDER.matcher(t);
    int last = 0;
    while (m.find()) {
      text.append(t, last, m.start());
      int start = text.length();
      text.append(fill(m.group(1), random));
      parts.add(new int[] {start, text.length()});
      last = m.end();
    }
    text.append(t.substring(last));
    return new Sample(positive, vendor, template, text.toString(), parts);
  }

  private static String fill(String spec, Random random) {
    if (spec.equals("uuid")) {
      return hex(random, 8)
          + "-"
          + hex(random, 4)
          + "-4"
          + hex(random, 3)
          + "-a"
          + hex(random, 3)
          + "-"
          + hex(random, 12);
    }
    String[] kv = spec.split(":");
    String alphabet =
        switch (kv[0]) {
          case "A" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
          case "a" -> "abcdefghijklmnopqrstuvwxyz0123456789";
          case "U" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
          case "Z" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
          case "h" -> "0123456789abcdef";
          case "H" -> "0123456789ABCDEF";
          case "d" -> "0123456789";
          case "l" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
          case "b" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
          case "u" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
          case "age" -> "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
          default -> throw new IllegalArgumentException("placeholder " + spec);
        };
    int n = Integer.parseInt(kv[1]);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String hex(Random random, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return s.toString();
  }

  static Map<String, Score> scores(SecretDetector detector) throws IOException {
    Map<String, Score> byVendor = new TreeMap<>();
    for (Sample s : samples()) {
      Score score = byVendor.computeIfAbsent(s.vendor(), v -> new Score());
      List<Finding> found = detector.find(s.text());
      if (s.positive()) {
        score.positives++;
        boolean all =
            s.parts().stream()
                .allMatch(p -> found.stream().anyMatch(f -> f.start() <= p[0] && f.end() >= p[1]));
        if (all) {
          score.recalled++;
        } else if (!score.missed.contains(s.template())) {
          score.missed.add(s.template());
        }
      } else {
        score.negatives++;
        if (!found.isEmpty()) {
          score.falsePositives++;
          if (!score.missed.contains(s.template())) {
            score.missed.add(s.template());
          }
        }
      }
    }
    return byVendor;
  }

  static int[] totals(Map<String, Score> scores) {
    int[] t = new int[4];
    for (Score s : scores.values()) {
      t[0] += s.positives;
      t[1] += s.recalled;
      t[2] += s.negatives;
      t[3] += s.falsePositives;
    }
    return t;
  }

  @Test
  void rule_table_covers_at_least_150_rules_with_unique_ids() {
    assertThat(RuleTableRule.ROWS).hasSizeGreaterThanOrEqualTo(150);
    Set<String> ids = new HashSet<>();
    for (RuleTableRule.Row row : RuleTableRule.ROWS) {
      assertThat(ids.add(row.id())).as("duplicate rule id %s", row.id()).isTrue();
    }
  }

  @Test
  void secrets_are_recalled_and_hashes_uuids_and_base64_are_not_reported() throws IOException {
    Map<String, Score> scores = scores(new SecretDetector());
    int[] t = totals(scores);
    scores.forEach(
        (vendor, s) -> {
          if (!s.missed.isEmpty()) {
            System.out.println(vendor + ": " + s.missed);
          }
        });
    double recall = t[1] / (double) t[0];
    double precision = t[1] / (double) (t[1] + t[3]);
    System.out.printf(
        "secret formats: %d positives, recall %.3f; %d negatives, %d with findings; precision"
            + " %.3f%n",
        t[0], recall, t[2], t[3], precision);
    assertThat(recall).isGreaterThanOrEqualTo(0.9);
    assertThat(precision).isGreaterThanOrEqualTo(0.9);
    assertThat(t[3]).as("negatives with a finding").isLessThanOrEqualTo(t[2] / 20);
  }
}
