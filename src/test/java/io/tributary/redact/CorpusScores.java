package io.tributary.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.EntityType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Scores of the redactor on the shared corpora, for {@link RedactionEvaluation} (which writes them
 * into {@code docs/redaction.md}) and for the recall floors of {@link SecretCorpusRecallTest}.
 *
 * <p>Matching rule, span level: a predicted span of type T is a true positive when it overlaps a
 * gold span of type T, else a false positive; a gold span of type T is recalled when a predicted
 * span of type T overlaps it. Predictions are the redactor's final spans (after overlapping
 * findings are merged and labelled), so they measure what is actually replaced.
 */
final class CorpusScores {

  static final Path PRESIDIO =
      Fixtures.corpora().resolve("pii/presidio-synth/synth_dataset_v2.json");

  /** Presidio labels of the types we detect. */
  static final Map<String, EntityType> PRESIDIO_TYPES =
      Map.of(
          "EMAIL_ADDRESS", EntityType.EMAIL,
          "PHONE_NUMBER", EntityType.PHONE,
          "CREDIT_CARD", EntityType.CREDIT_CARD,
          "US_SSN", EntityType.US_SSN,
          "IBAN_CODE", EntityType.IBAN,
          "IP_ADDRESS", EntityType.IP_ADDRESS,
          "PERSON", EntityType.PERSON,
          "GPE", EntityType.LOCATION,
          "STREET_ADDRESS", EntityType.LOCATION);

  /**
   * Presidio has no date-of-birth label; its {@code DATE_TIME} spans in sentences that mention a
   * birth are taken as dates of birth. The rule is independent of the detector's context words but
   * crude: the figure says little beyond "the templates in this corpus are found".
   */
  static final Pattern BIRTH_SENTENCE = Pattern.compile("(?i)\\b(?:born|birth|dob)\\b");

  /** Counts for one entity type. */
  static final class TypeScore {
    int gold;
    int goldRecalled;
    int goldCoveredByAny;
    int predicted;
    int truePositives;
    int exact;

    double precision() {
      return predicted == 0 ? Double.NaN : truePositives / (double) predicted;
    }

    double recall() {
      return gold == 0 ? Double.NaN : goldRecalled / (double) gold;
    }

    double f1() {
      double p = precision();
      double r = recall();
      return Double.isNaN(p) || Double.isNaN(r) || p + r == 0 ? Double.NaN : 2 * p * r / (p + r);
    }
  }

  /**
   * Span-level scores on presidio-synth, by our type, plus the gold labels we have no detector for.
   */
  record PresidioScores(
      int sentences,
      int sentencesWithoutSpans,
      Map<EntityType, TypeScore> byType,
      Map<String, TypeScore> undetected,
      List<String> falsePositiveExamples) {}

  private CorpusScores() {}

  static PresidioScores presidio(DetectingRedactor redactor) throws IOException {
    JsonNode items = new ObjectMapper().readTree(PRESIDIO.toFile());
    Map<EntityType, TypeScore> byType = new LinkedHashMap<>();
    for (EntityType t :
        List.of(
            EntityType.EMAIL,
            EntityType.PHONE,
            EntityType.CREDIT_CARD,
            EntityType.US_SSN,
            EntityType.IBAN,
            EntityType.IP_ADDRESS,
            EntityType.SECRET,
            EntityType.DATE_OF_BIRTH,
            EntityType.PERSON,
            EntityType.LOCATION)) {
      byType.put(t, new TypeScore());
    }
    Map<String, TypeScore> undetected = new TreeMap<>();
    List<String> falsePositives = new ArrayList<>();
    int empty = 0;
    for (JsonNode item : items) {
      String text = item.get("full_text").asText();
      boolean birth = BIRTH_SENTENCE.matcher(text).find();
      List<Finding> predicted = redactor.resolve(text);
      List<Finding> gold = new ArrayList<>();
      if (item.get("spans").isEmpty()) {
        empty++;
      }
      for (JsonNode span : item.get("spans")) {
        String label = span.get("entity_type").asText();
        int start = span.get("start_position").asInt();
        int end = span.get("end_position").asInt();
        EntityType type = PRESIDIO_TYPES.get(label);
        if (type == null && label.equals("DATE_TIME") && birth) {
          type = EntityType.DATE_OF_BIRTH;
        }
        boolean coveredByAny =
            predicted.stream().anyMatch(f -> f.start() <= start && f.end() >= end);
        if (type == null) {
          TypeScore s = undetected.computeIfAbsent(label, l -> new TypeScore());
          s.gold++;
          s.goldCoveredByAny += coveredByAny ? 1 : 0;
          continue;
        }
        Finding g = new Finding(start, end, type);
        gold.add(g);
        TypeScore s = byType.get(type);
        s.gold++;
        s.goldCoveredByAny += coveredByAny ? 1 : 0;
        if (predicted.stream().anyMatch(f -> f.type() == g.type() && f.overlaps(g))) {
          s.goldRecalled++;
        }
      }
      for (Finding f : predicted) {
        TypeScore s = byType.computeIfAbsent(f.type(), t -> new TypeScore());
        s.predicted++;
        if (gold.stream().anyMatch(g -> g.type() == f.type() && g.overlaps(f))) {
          s.truePositives++;
          if (gold.stream()
              .anyMatch(
                  g -> g.type() == f.type() && g.start() == f.start() && g.end() == f.end())) {
            s.exact++;
          }
        } else if (falsePositives.size() < 40) {
          falsePositives.add(
              f.type() + ": «" + text.substring(f.start(), f.end()) + "» in: " + text.strip());
        }
      }
    }
    return new PresidioScores(items.size(), empty, byType, undetected, falsePositives);
  }

  // ------------------------------------------------------------------ secrets

  /**
   * Nosey Parker rules whose examples are identifiers rather than credentials: bucket and host
   * names, ARNs, account and OAuth client ids, user names, an age public key. Reported apart.
   */
  static final Set<String> IDENTIFIER_RULES =
      Set.of(
          "np.s3.1",
          "np.s3.2",
          "np.gcs.1",
          "np.gcs.2",
          "np.arn.1",
          "np.aws.3",
          "np.shopify.1",
          "np.reactapp.1",
          "np.google.1",
          "np.github.5",
          "np.linkedin.1",
          "np.age.1");

  /** How the secret detector fares on one group of Nosey Parker examples. */
  static final class ExampleScore {
    int examples;
    int covered;
    int overlapped;
    final List<String> missed = new ArrayList<>();
  }

  record SecretScores(
      Map<String, ExampleScore> credentialRulesByFile,
      ExampleScore credentialRules,
      ExampleScore identifierRules,
      int negatives,
      int negativesFlagged,
      List<String> negativesFlaggedExamples,
      int detectSecretsExpected,
      int detectSecretsCovered,
      List<String> detectSecretsMissed,
      int detectSecretsCleanFiles,
      int detectSecretsCleanFilesFlagged,
      boolean gitleaksCredentialCovered,
      int gitleaksOtherFindings) {

    double credentialRecall() {
      return credentialRules.covered / (double) credentialRules.examples;
    }
  }

  /**
   * Scores the detector on the secrets fixtures. A positive Nosey Parker example counts as covered
   * when every secret its rule captures (see {@link SecretsCorpus#secretGroups}) lies wholly inside
   * one finding, as overlapped when each at least overlaps one.
   */
  static SecretScores secrets(SecretDetector detector, SecretsCorpus corpus) throws IOException {
    Map<String, ExampleScore> byFile = new TreeMap<>();
    ExampleScore credential = new ExampleScore();
    ExampleScore identifier = new ExampleScore();
    int negatives = 0;
    int negativesFlagged = 0;
    List<String> flaggedExamples = new ArrayList<>();
    for (SecretsCorpus.Example e : corpus.noseyParkerExamples()) {
      List<Finding> found = detector.find(e.text());
      if (!e.positive()) {
        negatives++;
        if (!found.isEmpty()) {
          negativesFlagged++;
          flaggedExamples.add(e.ruleId());
        }
        continue;
      }
      List<int[]> secrets = e.secrets() == null ? List.of() : e.secrets();
      boolean covered = !secrets.isEmpty() && secrets.stream().allMatch(s -> covered(found, s));
      boolean overlapped =
          secrets.isEmpty()
              ? !found.isEmpty()
              : secrets.stream().allMatch(s -> overlapped(found, s));
      List<ExampleScore> scores = new ArrayList<>();
      if (IDENTIFIER_RULES.contains(e.ruleId())) {
        scores.add(identifier);
      } else {
        scores.add(credential);
        scores.add(
            byFile.computeIfAbsent(e.ruleFile().replace(".yml", ""), f -> new ExampleScore()));
      }
      for (ExampleScore s : scores) {
        s.examples++;
        s.covered += covered ? 1 : 0;
        s.overlapped += overlapped ? 1 : 0;
        if (!covered) {
          s.missed.add(e.ruleId());
        }
      }
    }

    int expected = 0;
    int expectedCovered = 0;
    List<String> dsMissed = new ArrayList<>();
    Map<String, String> files = corpus.detectSecretsFiles();
    Map<String, List<Finding>> findings = new LinkedHashMap<>();
    files.forEach((name, text) -> findings.put(name, detector.find(text)));
    for (SecretsCorpus.Expected x : corpus.detectSecretsExpected()) {
      expected++;
      if (x.located() && covered(findings.get(x.file()), new int[] {x.start(), x.end()})) {
        expectedCovered++;
      } else {
        dsMissed.add(x.file() + ":" + x.line() + " (" + x.type() + ")");
      }
    }
    Set<String> withExpectations = new java.util.HashSet<>();
    corpus.detectSecretsExpected().forEach(x -> withExpectations.add(x.file()));
    int clean = 0;
    int cleanFlagged = 0;
    for (String name : files.keySet()) {
      if (!withExpectations.contains(name)) {
        clean++;
        cleanFlagged += findings.get(name).isEmpty() ? 0 : 1;
      }
    }

    String env = corpus.gitleaksEnv();
    String line4 = env.split("\n")[3];
    int valueStart = env.indexOf(line4) + line4.indexOf('=') + 1;
    int[] credentialSpan = {valueStart, env.indexOf(line4) + line4.length()};
    List<Finding> envFindings = detector.find(env);
    boolean gitleaksCovered = covered(envFindings, credentialSpan);
    int gitleaksOther =
        (int)
            envFindings.stream()
                .filter(f -> !(f.start() <= credentialSpan[0] && f.end() >= credentialSpan[1]))
                .count();

    return new SecretScores(
        byFile,
        credential,
        identifier,
        negatives,
        negativesFlagged,
        flaggedExamples,
        expected,
        expectedCovered,
        dsMissed,
        clean,
        cleanFlagged,
        gitleaksCovered,
        gitleaksOther);
  }

  private static boolean covered(List<Finding> found, int[] span) {
    return found.stream().anyMatch(f -> f.start() <= span[0] && f.end() >= span[1]);
  }

  private static boolean overlapped(List<Finding> found, int[] span) {
    return found.stream().anyMatch(f -> f.start() < span[1] && span[0] < f.end());
  }

  // ------------------------------------------------------------------ fake identities

  static final Path FAKE_IDENTITIES =
      Fixtures.corpora().resolve("pii/fake-identities/FakeNameGenerator.com_3000.csv");

  /** Value-level recall: how many labelled values no longer appear verbatim after redaction. */
  record ValueRecall(int values, int redacted, List<String> missed) {
    double recall() {
      return values == 0 ? Double.NaN : redacted / (double) values;
    }
  }

  /**
   * The {@code Password} and {@code Birthday} columns of the FakeNameGenerator rows, each row
   * rendered as a note, alternately prose ({@code password: X, born M/D/YYYY}) and {@code
   * key=value} lines, because a bare column value carries no context (field policies handle bare
   * fields).
   */
  static Map<EntityType, ValueRecall> fakeIdentities(DetectingRedactor redactor)
      throws IOException {
    List<String> lines = Files.readAllLines(FAKE_IDENTITIES);
    List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
    int user = header.indexOf("Username");
    int password = header.indexOf("Password");
    int birthday = header.indexOf("Birthday");
    int[] values = new int[2];
    int[] redacted = new int[2];
    List<List<String>> missed = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 1; i < lines.size(); i++) {
      String[] row = lines.get(i).split(",", -1);
      if (row.length != header.size()) {
        continue; // an unquoted comma inside a value; the columns cannot be trusted
      }
      String note =
          i % 2 == 0
              ? "Login "
                  + row[user]
                  + " / password: "
                  + row[password]
                  + ", born "
                  + row[birthday]
                  + "."
              : "username="
                  + row[user]
                  + "\npassword="
                  + row[password]
                  + "\nbirthday="
                  + row[birthday]
                  + "\n";
      String out = redactor.redactText(note).text();
      String[] labelled = {row[password], row[birthday]};
      for (int k = 0; k < 2; k++) {
        values[k]++;
        if (out.contains(labelled[k])) {
          if (missed.get(k).size() < 10) {
            missed.get(k).add(labelled[k]);
          }
        } else {
          redacted[k]++;
        }
      }
    }
    Map<EntityType, ValueRecall> out = new LinkedHashMap<>();
    out.put(EntityType.SECRET, new ValueRecall(values[0], redacted[0], missed.get(0)));
    out.put(EntityType.DATE_OF_BIRTH, new ValueRecall(values[1], redacted[1], missed.get(1)));
    return out;
  }

  /** How the name and place detectors fare on one column of the FakeNameGenerator rows. */
  record NameRecall(
      String column,
      EntityType type,
      int values,
      int redacted,
      int inDictionary,
      List<String> missed) {
    double recall() {
      return values == 0 ? Double.NaN : redacted / (double) values;
    }
  }

  /**
   * The {@code GivenName}, {@code Surname} and {@code City} columns of the FakeNameGenerator rows,
   * each row rendered as one of three sentences (no title; one cue, "lives in", in the third), and
   * whether each value is still there verbatim after redaction. These names come from
   * FakeNameGenerator.com, not from datafaker, whose lists our dictionaries are; {@code
   * inDictionary} says how many values those lists hold anyway.
   */
  static List<NameRecall> fakeIdentityNames(DetectingRedactor redactor) throws IOException {
    List<String> lines = Files.readAllLines(FAKE_IDENTITIES);
    List<String> header = List.of(lines.get(0).replace("\uFEFF", "").split(","));
    String[] columns = {"GivenName", "Surname", "City"};
    EntityType[] types = {EntityType.PERSON, EntityType.PERSON, EntityType.LOCATION};
    int[] idx = new int[3];
    for (int k = 0; k < 3; k++) {
      idx[k] = header.indexOf(columns[k]);
    }
    int middle = header.indexOf("MiddleInitial");
    int country = header.indexOf("CountryFull");
    int[] values = new int[3];
    int[] redacted = new int[3];
    int[] known = new int[3];
    List<List<String>> missed = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 1; i < lines.size(); i++) {
      String[] row = lines.get(i).split(",", -1);
      if (row.length != header.size()) {
        continue;
      }
      String given = row[idx[0]];
      String surname = row[idx[1]];
      String city = row[idx[2]];
      String note =
          switch (i % 3) {
            case 0 ->
                given
                    + " "
                    + surname
                    + " called about the delayed order. The parcel is held in "
                    + city
                    + ".";
            case 1 ->
                "Please forward the invoice to "
                    + given
                    + " "
                    + surname
                    + " before the parcel leaves "
                    + city
                    + ".";
            default ->
                "Spoke with "
                    + given
                    + " "
                    + row[middle]
                    + ". "
                    + surname
                    + ", who lives in "
                    + city
                    + ", "
                    + row[country]
                    + ".";
          };
      String out = redactor.redactText(note).text();
      String[] labelled = {given, surname, city};
      for (int k = 0; k < 3; k++) {
        values[k]++;
        String lower = labelled[k].toLowerCase(java.util.Locale.ROOT);
        boolean inList =
            k == 0
                ? NameLists.FIRST.contains(lower)
                : k == 1 ? NameLists.LAST.contains(lower) : NameLists.PLACES.contains(lower);
        known[k] += inList ? 1 : 0;
        if (java.util.regex.Pattern.compile(
                "\\b" + java.util.regex.Pattern.quote(labelled[k]) + "\\b",
                java.util.regex.Pattern.UNICODE_CHARACTER_CLASS)
            .matcher(out)
            .find()) {
          if (missed.get(k).size() < 5) {
            missed.get(k).add(labelled[k]);
          }
        } else {
          redacted[k]++;
        }
      }
    }
    List<NameRecall> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      out.add(
          new NameRecall(columns[k], types[k], values[k], redacted[k], known[k], missed.get(k)));
    }
    return out;
  }

  // ------------------------------------------------------------------ unlabelled text

  /**
   * Findings of some detectors over texts that hold none of their kind: each one is a false
   * positive.
   */
  record Sweep(
      String corpus,
      int texts,
      long characters,
      Map<EntityType, Integer> findings,
      List<String> examples) {}

  static Sweep sweep(String corpus, List<String> texts, List<Detector> detectors) {
    Map<EntityType, Integer> counts = new LinkedHashMap<>();
    detectors.forEach(d -> counts.put(d.type(), 0));
    List<String> examples = new ArrayList<>();
    long chars = 0;
    for (String text : texts) {
      chars += text.length();
      for (Detector d : detectors) {
        for (Finding f : d.find(text)) {
          counts.merge(d.type(), 1, Integer::sum);
          if (examples.size() < 20) {
            int from = Math.max(0, f.start() - 40);
            examples.add(
                d.type()
                    + " "
                    + corpus
                    + ": …"
                    + text.substring(from, Math.min(text.length(), f.end() + 20))
                        .replace("\n", "\\n"));
          }
        }
      }
    }
    return new Sweep(corpus, texts.size(), chars, counts, examples);
  }

  /** Texts of the shared corpora that contain no credentials and no stated dates of birth. */
  static Map<String, List<String>> unlabelledTexts() throws IOException {
    Path c = Fixtures.corpora();
    Map<String, List<String>> texts = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    addFiles(texts, "support tickets (CSV rows)", c.resolve("records/support-tickets"), true);
    addFiles(texts, "Northwind (CSV rows)", c.resolve("records/northwind"), true);
    addFiles(texts, "Salesforce sample (JSON)", c.resolve("records/salesforce-ebikes"), false);
    for (String set : List.of("covid-qa", "cranfield")) {
      Path corpus = c.resolve("retrieval-dev/" + set + "/corpus.jsonl");
      if (Files.isRegularFile(corpus)) {
        List<String> docs = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
          JsonNode d = json.readTree(line);
          docs.add(d.path("title").asText() + "\n" + d.path("text").asText());
        }
        texts.put(set + " documents", docs);
      }
    }
    Path documents = c.resolve("documents");
    if (Files.isDirectory(documents)) {
      List<String> docs = new ArrayList<>();
      try (var files = Files.list(documents)) {
        for (Path p :
            files
                .filter(p -> p.toString().matches(".*\\.(txt|html|eml|md|rtf)$"))
                .sorted()
                .toList()) {
          docs.add(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
      texts.put("text-like documents, raw (eml with base64 parts, html, rtf, txt)", docs);
    }
    return texts;
  }

  private static void addFiles(Map<String, List<String>> texts, String name, Path dir, boolean rows)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<String> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String content = Files.readString(p);
        if (rows) {
          out.addAll(List.of(content.split("\n")));
        } else {
          out.add(content);
        }
      }
    }
    texts.put(name, out);
  }
}
