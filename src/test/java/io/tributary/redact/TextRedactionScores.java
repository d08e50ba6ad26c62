package io.tributary.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.EntityType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of {@link RedactionEvaluation} for names, places, secrets and national identifiers,
 * each as a Markdown section:
 *
 * <ul>
 *   <li>PERSON and LOCATION on presidio-synth split by template: even template ids are the set the
 *       context rules were tuned on, odd ones are held out (their sentences were never read while
 *       writing the rules), each with and without the context rules ({@link PersonContext}, {@link
 *       LocationContext}) and the multi-cultural lists, to show what each contributes;
 *   <li>the secrets set of {@link SecretFormatsTest}, per vendor;
 *   <li>{@code src/test/resources/redaction/national-ids.tsv} when present (built by the national
 *       identifier work): a header line naming the columns, among them {@code type}, {@code value}
 *       and optionally {@code text} (the sentence holding the value; else the value alone) and
 *       {@code expected} or {@code label} ({@code 1/true/yes/pos/positive/valid/redact} for a value
 *       that must be redacted, anything else for a counter-example).
 * </ul>
 */
final class TextRedactionScores {

  static final Path NATIONAL_IDS = Path.of("src/test/resources/redaction/national-ids.tsv");

  private TextRedactionScores() {}

  /** Precision and recall counts of one type on one part of the corpus. */
  static final class Counts {
    int gold;
    int recalled;
    int predicted;
    int truePositives;

    String row(String name) {
      double r = recalled / (double) gold;
      double p = truePositives / (double) predicted;
      return String.format(
          Locale.ROOT,
          "| %s | %d | %d | %.3f | %.3f | %.3f |%n",
          name,
          gold,
          predicted,
          p,
          r,
          2 * p * r / (p + r));
    }
  }

  /** Scores of PERSON or LOCATION on the sentences whose template id has the given parity. */
  static Counts presidioSplit(DetectingRedactor redactor, EntityType type, int parity)
      throws IOException {
    JsonNode items = new ObjectMapper().readTree(CorpusScores.PRESIDIO.toFile());
    Counts c = new Counts();
    for (JsonNode item : items) {
      if (item.get("template_id").asInt() % 2 != parity) {
        continue;
      }
      String text = item.get("full_text").asText();
      List<Finding> predicted = redactor.resolve(text);
      List<int[]> gold = new ArrayList<>();
      for (JsonNode span : item.get("spans")) {
        String label = span.get("entity_type").asText();
        boolean mine =
            type == EntityType.PERSON
                ? label.equals("PERSON")
                : label.equals("GPE") || label.equals("STREET_ADDRESS");
        if (!mine) {
          continue;
        }
        int start = span.get("start_position").asInt();
        int end = span.get("end_position").asInt();
        gold.add(new int[] {start, end});
        c.gold++;
        if (predicted.stream()
            .anyMatch(f -> f.type() == type && f.start() < end && f.end() > start)) {
          c.recalled++;
        }
      }
      for (Finding f : predicted) {
        if (f.type() == type) {
          c.predicted++;
          if (gold.stream().anyMatch(g -> f.start() < g[1] && f.end() > g[0])) {
            c.truePositives++;
          }
        }
      }
    }
    return c;
  }

  static void namesAndPlaces(StringBuilder md, DetectingRedactor redactor) throws IOException {
    md.append("### PERSON and LOCATION: tuned half and held-out half of presidio-synth\n\n");
    md.append(
        "presidio-synth split by template: the context rules and lists were written while reading"
            + " the sentences of even template ids (*tuned*); those of odd template ids were not"
            + " read (*held out*), so their sentence shapes are new to the rules. Our name and"
            + " place lists come from datafaker and our own multi-cultural lists, not from this"
            + " corpus (though Faker-style generators made both: see Known gaps). LOCATION is GPE"
            + " and STREET_ADDRESS together; span-level, overlap counts.\n\n");
    md.append("| type, half | gold | predicted | precision | recall | F1 |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (EntityType t : List.of(EntityType.PERSON, EntityType.LOCATION)) {
      md.append(presidioSplit(redactor, t, 0).row(t + ", tuned"));
      md.append(presidioSplit(redactor, t, 1).row(t + ", held out"));
    }
    md.append("\n");
  }

  static void secretFormats(StringBuilder md) throws IOException {
    Map<String, SecretFormatsTest.Score> scores = SecretFormatsTest.scores(new SecretDetector());
    int[] t = SecretFormatsTest.totals(scores);
    md.append("### Secrets: vendor formats and hard negatives\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Set: `src/test/resources/redaction/secret-formats.tsv`, %d templates written from"
                + " the vendors' documented token formats (prefix, alphabet, length) in config,"
                + " log and URL lines, and hard negatives (git and image hashes, SHA-1/256, MD5,"
                + " UUIDs, base64 bodies, SRI digests, public keys); %d samples each, filled at"
                + " test time with a fixed seed. A positive counts when every generated part lies"
                + " inside a SECRET finding; a negative with any finding is a false positive. The"
                + " same documentation informed the rule table (`secret-rules.tsv`, %d rules), so"
                + " this is a check of coverage, not an independent sample: the Nosey Parker"
                + " examples above are the independent one.%n%n",
            scores.size(),
            SecretFormatsTest.SAMPLES_PER_LINE,
            RuleTableRule.ROWS.size()));
    double recall = t[1] / (double) t[0];
    double precision = t[1] / (double) (t[1] + t[3]);
    md.append(
        String.format(
            Locale.ROOT,
            "Positives %d, recalled %d (recall %.3f); negatives %d, with a finding %d;"
                + " precision %.3f, F1 %.3f.%n%n",
            t[0],
            t[1],
            recall,
            t[2],
            t[3],
            precision,
            2 * precision * recall / (precision + recall)));
    md.append("| vendor | positives | recalled | negatives | false positives | missed |\n");
    md.append("|---|---:|---:|---:|---:|---|\n");
    scores.forEach(
        (vendor, s) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %s |%n",
                    vendor,
                    s.positives,
                    s.recalled,
                    s.negatives,
                    s.falsePositives,
                    s.missed.isEmpty() ? "" : "`" + s.missed.get(0).replace("|", "\\|") + "`")));
    md.append("\n");
  }

  static void nationalIds(StringBuilder md, DetectingRedactor redactor) throws IOException {
    md.append("### National identifiers (value level)\n\n");
    if (!Files.isRegularFile(NATIONAL_IDS)) {
      md.append("`").append(NATIONAL_IDS).append("` is not in this checkout: not measured.\n\n");
      return;
    }
    List<String> lines = Files.readAllLines(NATIONAL_IDS, StandardCharsets.UTF_8);
    lines.removeIf(l -> l.isBlank() || l.startsWith("#"));
    List<String> header = List.of(lines.get(0).toLowerCase(Locale.ROOT).split("\t"));
    int type = column(header, "type", "entity", "kind", "id_type");
    int value = column(header, "value", "identifier", "id");
    int text = column(header, "text", "sentence", "context", "sample");
    int label = column(header, "expected", "label", "positive", "valid");
    if (type < 0 || value < 0) {
      md.append("`national-ids.tsv` has no `type` and `value` columns: not measured.\n\n");
      return;
    }
    Map<String, Counts> byType = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      String v = f[value];
      String sentence = text >= 0 && !f[text].isEmpty() ? f[text] : v;
      boolean positive =
          label < 0
              || List.of("1", "true", "yes", "pos", "positive", "valid", "redact")
                  .contains(f[label].strip().toLowerCase(Locale.ROOT));
      int at = sentence.indexOf(v);
      if (at < 0) {
        continue;
      }
      int end = at + v.length();
      boolean hit =
          redactor.resolve(sentence).stream().anyMatch(x -> x.start() < end && x.end() > at);
      Counts c = byType.computeIfAbsent(f[type], k -> new Counts());
      if (positive) {
        c.gold++;
        c.recalled += hit ? 1 : 0;
        c.truePositives += hit ? 1 : 0;
        c.predicted += hit ? 1 : 0;
      } else if (hit) {
        c.predicted++;
      }
    }
    md.append(
        "Set: `national-ids.tsv`. A value counts as found when any finding overlaps it; a"
            + " counter-example with a finding is a false positive.\n\n");
    md.append("| type | positives | predicted | precision | recall | F1 |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    byType.forEach((k, c) -> md.append(c.row(k)));
    md.append("\n");
  }

  private static int column(List<String> header, String... names) {
    for (String n : names) {
      int i = header.indexOf(n);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }
}
