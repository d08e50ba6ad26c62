package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.EntityType;
import io.tributary.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden findings: the secret, phone and date-of-birth detectors and the whole redactor over every
 * fixture text we have, compared exactly with the findings recorded in {@code
 * src/test/resources/redact/golden/}. A refactoring of the detectors must leave them identical; a
 * change of behaviour shows here as a diff, is reviewed, and is recorded again with {@code
 * -Dtributary.golden.write=true} (and a new {@code DETECTORS_VERSION}).
 *
 * <p>A golden file holds, per group of texts, a header with the number of texts and a hash of all
 * of them (so a changed input is told apart from a changed detector), then one line per text that
 * has findings: its id, a hash of the text, and {@code S}ecret, {@code P}hone, {@code
 * D}ate-of-birth and {@code R}esolved findings as {@code start-end}, resolved ones with their type
 * ({@code R=S} when they are the secrets and nothing else). Never the text. Groups read from the
 * shared corpora are skipped, with the reason, when those are absent.
 */
class GoldenFindingsTest {

  private static final Path DIR = Path.of("src/test/resources/redact/golden");
  private static final boolean WRITE = Boolean.getBoolean("tributary.golden.write");

  private static final SecretDetector SECRETS = new SecretDetector();
  private static final PhoneDetector PHONES = new PhoneDetector();
  private static final DateOfBirthDetector BIRTHDAYS = new DateOfBirthDetector();
  private static final DetectingRedactor REDACTOR = Fixtures.redactor();

  /**
   * A named group of texts; {@code texts} null when its source is absent ({@code absent} says why).
   */
  record Group(String name, Map<String, String> texts, String absent) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Group> groups() {
    return Stream.of(
        group("fixtures", GoldenFindingsTest::fixtureTexts),
        group("samples", GoldenFindingsTest::sampleTexts),
        group("token-shapes", GoldenFindingsTest::tokenShapes),
        group("fuzz-seeds", GoldenFindingsTest::fuzzSeeds),
        group("corpus-secrets", GoldenFindingsTest::secretsCorpus),
        group("corpus-fake-identities", GoldenFindingsTest::fakeIdentities),
        group("corpus-presidio", GoldenFindingsTest::presidio),
        group("corpus-unlabelled", GoldenFindingsTest::unlabelled));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void should_find_exactly_the_recorded_findings(Group g) throws IOException {
    assumeTrue(g.texts() != null, g.name() + ": " + g.absent() + "; skipping");
    String actual = render(g);
    Path file = DIR.resolve(g.name() + ".txt");
    if (WRITE) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assumeTrue(
        Files.isRegularFile(file),
        "no golden file " + file + "; record it with -Dtributary.golden.write=true");
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    String[] e = expected.split("\n", 2);
    String[] a = actual.split("\n", 2);
    assertThat(a[0])
        .as("%s: the inputs changed, not necessarily the detectors", g.name())
        .isEqualTo(e[0]);
    assertThat(a.length > 1 ? a[1].lines().toList() : List.of())
        .as("%s findings", g.name())
        .containsExactlyElementsOf(e.length > 1 ? e[1].lines().toList() : List.of());
  }

  private static String render(Group g) {
    StringBuilder out = new StringBuilder();
    StringBuilder all = new StringBuilder();
    int findings = 0;
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, String> t : g.texts().entrySet()) {
      String text = t.getValue();
      all.append(sha(t.getKey())).append(sha(text));
      List<Finding> s = SECRETS.find(text);
      List<Finding> p = PHONES.find(text);
      List<Finding> d = BIRTHDAYS.find(text);
      List<Finding> r = REDACTOR.resolve(text);
      if (s.isEmpty() && p.isEmpty() && d.isEmpty() && r.isEmpty()) {
        continue;
      }
      findings += s.size() + p.size() + d.size() + r.size();
      lines.append(t.getKey().replace('\t', ' ').replace('\n', ' ')).append('\t').append(sha(text));
      spans(lines, "S", s, false);
      spans(lines, "P", p, false);
      spans(lines, "D", d, false);
      if (p.isEmpty() && d.isEmpty() && r.equals(s)) {
        lines.append("\tR=S"); // the redactor found just the secrets: most lines, half the file
      } else {
        spans(lines, "R", r, true);
      }
      lines.append('\n');
    }
    out.append("# ")
        .append(g.name())
        .append(" texts=")
        .append(g.texts().size())
        .append(" inputs=")
        .append(sha(all.toString()))
        .append('\n');
    out.append("# findings=").append(findings).append('\n');
    return out.append(lines).toString();
  }

  private static void spans(
      StringBuilder out, String label, List<Finding> findings, boolean typed) {
    if (findings.isEmpty()) {
      return;
    }
    out.append('\t').append(label);
    for (Finding f : findings) {
      out.append(' ').append(f.start()).append('-').append(f.end());
      if (typed) {
        out.append(':').append(abbreviation(f.type()));
      }
    }
  }

  private static String abbreviation(EntityType type) {
    return type.name();
  }

  private static String sha(String s) {
    return Sha256.hex(s).substring(0, 12);
  }

  // ---------------------------------------------------------------- the groups

  interface Source {
    Map<String, String> texts() throws IOException;
  }

  private static Group group(String name, Source source) {
    try {
      return new Group(name, source.texts(), null);
    } catch (Absent e) {
      return new Group(name, null, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Absent extends IOException {
    Absent(String message) {
      super(message);
    }
  }

  private static void require(Path p) throws Absent {
    if (!Files.exists(p)) {
      throw new Absent(p.toAbsolutePath().normalize() + " not found");
    }
  }

  private static Map<String, String> fixtureTexts() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (String f :
        List.of(
            "secret-detector.txt",
            "date-of-birth-detector.txt",
            "person-detector.txt",
            "location-detector.txt")) {
      for (FixtureTexts.Case c : FixtureTexts.load(f)) {
        texts.put(c.source(), c.text());
      }
    }
    return texts;
  }

  /** Every {@link SecretSamples} macro, alone and after a key, with fixed seeds. */
  private static Map<String, String> sampleTexts() {
    Map<String, String> texts = new LinkedHashMap<>();
    List<String> macros =
        List.of(
            "aws_id",
            "aws_secret",
            "ghp",
            "github_pat",
            "glpat",
            "slack",
            "slack_webhook",
            "jwt",
            "jwt_noalg",
            "pem:RSA ",
            "pem:",
            "pem:EC ",
            "pem:OPENSSH ",
            "pem:ENCRYPTED ",
            "openai",
            "bcrypt",
            "hex:20",
            "hex:40",
            "hex:64",
            "b64:20",
            "b64:40",
            "b64:88",
            "alnum:16",
            "alnum:20",
            "alnum:32",
            "alnum:40");
    for (String macro : macros) {
      for (int seed = 1; seed <= 12; seed++) {
        Random r = new Random(seed);
        String[] parts = macro.split(":", 2);
        String value = SecretSamples.sample(parts[0], parts.length > 1 ? parts[1] : null, r);
        texts.put(macro + "#" + seed, value);
        texts.put(
            macro + "#" + seed + " key",
            "api_key: " + value + "\nsecret = \"" + value + "\" token " + value);
        texts.put(
            macro + "#" + seed + " prose",
            "the value " + value + " was logged, see " + value + ".");
      }
    }
    return texts;
  }

  /**
   * The shape of a token of every known vendor prefix: bodies of several alphabets and lengths,
   * with neighbours that end a token or do not, so that each rule's alphabet, length bounds and end
   * are pinned down.
   */
  private static Map<String, String> tokenShapes() {
    List<String> prefixes =
        List.of(
            "AKIA",
            "ASIA",
            "ABIA",
            "ACCA",
            "A3TX",
            "A3T7",
            "ghp_",
            "gho_",
            "ghu_",
            "ghs_",
            "ghr_",
            "ghx_",
            "github_pat_",
            "glpat-",
            "glptt-",
            "gldt-",
            "glrt-",
            "glcbt-",
            "glft-",
            "glimt-",
            "gloas-",
            "glsoat-",
            "glffct-",
            "glagent-",
            "GR1348941",
            "xoxa-",
            "xoxb-",
            "xoxp-",
            "xoxo-",
            "xoxs-",
            "xoxr-",
            "xoxe-",
            "xoxz-",
            "xapp-",
            "xapp-1-",
            "sk-",
            "sk-proj-",
            "sk-svcacct-",
            "sk-admin-",
            "sk-ant-api03-",
            "sk-ant-admin01-",
            "sk-ant-apiXX-",
            "rk_live_",
            "rk_test_",
            "sk_live_",
            "sk_test_",
            "AIza",
            "GOCSPX-",
            "ya29.",
            "hf_",
            "npm_",
            "pypi-",
            "pypi-AgE",
            "rubygems_",
            "dckr_pat_",
            "glc_",
            "glsa_",
            "shpat_",
            "shpca_",
            "shppa_",
            "shpss_",
            "SG.",
            "doo_v1_",
            "dop_v1_",
            "dor_v1_",
            "sgp_",
            "sgp_local_",
            "sgp_0123456789abcdef_",
            "hvs.",
            "hvb.",
            "hvr.",
            "AGE-SECRET-KEY-1",
            "dp.ct.",
            "dp.pt.",
            "dp.st.",
            "dp.sa.",
            "dp.scim.",
            "dp.audit.",
            "dp.ct.my-app.",
            "aio_",
            "odt_",
            "ATATT3",
            "dapi",
            "key-",
            "SK",
            "eyJrIjoi",
            "live_",
            "live_1234567_",
            "12345678:",
            "123456789:AA",
            "1234567890:AA",
            "$1$",
            "$2a$",
            "$2b$",
            "$2x$",
            "$2y$",
            "$2a$12$",
            "$5$",
            "$6$",
            "$7$",
            "$8$",
            "$9$",
            "$y$",
            "$gy$",
            "$argon2id$",
            "$argon2i$",
            "$argon2d$",
            "$krb5asrep$",
            "$krb5tgs$",
            "");
    Map<String, String> alphabets = new LinkedHashMap<>();
    alphabets.put("alnum", SecretSamples.ALNUM);
    alphabets.put("hex", SecretSamples.HEX);
    alphabets.put("upper", SecretSamples.UPPER + SecretSamples.DIGITS);
    alphabets.put("url", SecretSamples.ALNUM + "_-");
    alphabets.put("b64", SecretSamples.B64 + "=");
    alphabets.put("lower", SecretSamples.LOWER);
    alphabets.put("repeated", "x");
    int[] lengths = {10, 16, 20, 24, 30, 32, 33, 36, 40, 48, 53, 58, 64, 252};
    List<String> ends = List.of("", "_", "-", "-us12", ".a", "é");
    Map<String, String> texts = new LinkedHashMap<>();
    Random r = new Random(7);
    for (String prefix : prefixes) {
      for (Map.Entry<String, String> a : alphabets.entrySet()) {
        StringBuilder text = new StringBuilder();
        for (int length : lengths) {
          for (String end : ends) {
            String body = SecretSamples.chars(r, a.getValue(), length);
            String before = r.nextInt(4) == 0 ? "x" : r.nextBoolean() ? "\n" : " ";
            text.append(before).append(prefix).append(body).append(end);
          }
        }
        texts.put(prefix + " " + a.getKey(), text.toString());
      }
    }
    return texts;
  }

  private static Map<String, String> fuzzSeeds() throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    Path root = Path.of("src/test/resources/io/tributary/redact");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        texts.put(
            root.relativize(p).toString(),
            new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
      }
    }
    return texts;
  }

  private static Map<String, String> secretsCorpus() throws IOException {
    require(SecretsCorpus.ARCHIVE);
    return new LinkedHashMap<>(SecretsCorpus.load().files());
  }

  private static Map<String, String> fakeIdentities() throws IOException {
    require(CorpusScores.FAKE_IDENTITIES);
    List<String> lines = Files.readAllLines(CorpusScores.FAKE_IDENTITIES);
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      texts.put("line " + (i + 1), lines.get(i));
    }
    return texts;
  }

  private static Map<String, String> presidio() throws IOException {
    require(CorpusScores.PRESIDIO);
    Map<String, String> texts = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode item : new ObjectMapper().readTree(CorpusScores.PRESIDIO.toFile())) {
      texts.put("item " + i++, item.get("full_text").asText());
    }
    return texts;
  }

  private static Map<String, String> unlabelled() throws IOException {
    require(Fixtures.corpora().resolve("records"));
    Map<String, String> texts = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : CorpusScores.unlabelledTexts().entrySet()) {
      List<String> list = e.getValue();
      for (int i = 0; i < list.size(); i++) {
        texts.put(e.getKey() + " " + i, list.get(i));
      }
    }
    return texts;
  }
}
