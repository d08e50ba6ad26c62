package io.tributary.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.GZIPInputStream;

/**
 * The shared secret-format fixtures ({@code pii/secrets.tar.gz}): Nosey Parker's rule examples,
 * detect-secrets' test files with their expected findings, and a gitleaks {@code .env} file. Read
 * in memory with a minimal tar reader, so the fixtures never land on disk where scanners would flag
 * them.
 */
final class SecretsCorpus {

  static final Path ARCHIVE = Fixtures.corpora().resolve("pii/secrets.tar.gz");

  /**
   * An example of a Nosey Parker rule; {@code secrets} are null when the rule's regex is unusable
   * in Java.
   */
  record Example(
      String ruleFile, String ruleId, boolean positive, String text, List<int[]> secrets) {}

  /** A detect-secrets expected finding, located in its file by the SHA-1 of the secret. */
  record Expected(String file, int line, String type, int start, int end) {
    boolean located() {
      return start >= 0;
    }
  }

  private final Map<String, String> files;

  private SecretsCorpus(Map<String, String> files) {
    this.files = files;
  }

  static boolean available() {
    return Files.isRegularFile(ARCHIVE);
  }

  static SecretsCorpus load() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(ARCHIVE))) {
      Map<String, String> files = new LinkedHashMap<>();
      untar(in)
          .forEach(
              (name, bytes) ->
                  files.put(
                      name.replaceFirst("^(\\./)?secrets/", ""),
                      new String(bytes, StandardCharsets.UTF_8)));
      return new SecretsCorpus(files);
    }
  }

  /** Every file of the archive by its name, in archive order. */
  Map<String, String> files() {
    return files;
  }

  String file(String name) {
    String text = files.get(name);
    if (text == null) {
      throw new IllegalArgumentException("no " + name + " in " + ARCHIVE);
    }
    return text;
  }

  /**
   * Regular files of a (ustar or GNU) tar stream by name; directories and pax headers are skipped.
   */
  static Map<String, byte[]> untar(InputStream in) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String longName = null;
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      long size =
          Long.parseLong(
              field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      char type = (char) header[156];
      byte[] data = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      if (type == 'L') {
        longName = field(data, 0, data.length);
      } else if (type == '0' || type == '\0') {
        entries.put(
            longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name, data);
        longName = null;
      } else {
        longName = null;
      }
    }
    return entries;
  }

  private static String field(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ Nosey Parker

  List<Example> noseyParkerExamples() throws IOException {
    Map<String, Pattern> patterns = new HashMap<>();
    Map<String, Set<Integer>> secretGroups = new HashMap<>();
    YAMLMapper yaml = new YAMLMapper();
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getKey().startsWith("noseyparker-rules/")) {
        for (JsonNode rule : yaml.readTree(f.getValue()).path("rules")) {
          Pattern p = javaPattern(rule.path("pattern").asText());
          if (p != null) {
            patterns.put(rule.path("id").asText(), p);
            secretGroups.put(rule.path("id").asText(), secretGroups(rule.path("pattern").asText()));
          }
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    List<Example> examples = new ArrayList<>();
    for (String line : file("noseyparker_examples.jsonl").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode e = json.readTree(line);
      String text = e.get("text").asText();
      boolean positive = e.get("label").asText().equals("positive");
      Pattern p = patterns.get(e.get("rule_id").asText());
      List<int[]> secrets =
          positive && p != null
              ? secretSpans(p, secretGroups.get(e.get("rule_id").asText()), text)
              : null;
      examples.add(
          new Example(
              e.get("rule_file").asText(), e.get("rule_id").asText(), positive, text, secrets));
    }
    return examples;
  }

  /**
   * Rust regex syntax to Java: no inline {@code (?#...)} comments, no underscores in group names.
   */
  static Pattern javaPattern(String rust) {
    String p = rust.replaceAll("\\(\\?#[^)]*\\)", "");
    Matcher names = Pattern.compile("\\(\\?P?<([A-Za-z0-9_]+)>").matcher(p);
    p = names.replaceAll(m -> "(?<" + m.group(1).replace("_", "") + ">");
    try {
      return Pattern.compile(p);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  /**
   * The spans of the secret groups in each match of a rule; the whole match if the rule has no
   * group.
   */
  private static List<int[]> secretSpans(Pattern p, Set<Integer> groups, String text) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      if (m.groupCount() == 0) {
        spans.add(new int[] {m.start(), m.end()});
      }
      for (int g : groups) {
        if (g <= m.groupCount() && m.start(g) >= 0 && m.end(g) > m.start(g)) {
          spans.add(new int[] {m.start(g), m.end(g)});
        }
      }
      if (m.end() == m.start()) {
        break;
      }
    }
    return spans.isEmpty() ? null : spans;
  }

  private static final Pattern SECRET_COMMENT =
      Pattern.compile("pass|secret|key|token|cred|signature");
  private static final Pattern OTHER_COMMENT =
      Pattern.compile(
          "user|host|name|account|bucket|\\bid\\b|login|email|region|service|domain|url|port|partition|resource");
  private static final Pattern GROUP_COMMENT =
      Pattern.compile("\\G(?:[?*+]|\\{\\d*,?\\d*})?\\s*\\(\\?#([^)]*)\\)");

  /**
   * Which capture groups of a rule hold the secret, read from the {@code (?# ...)} comment after
   * each group: those that say password, secret, key or token; else the last one that names nothing
   * else (user, host, account...); else the last group.
   */
  static Set<Integer> secretGroups(String rust) {
    Map<Integer, String> comments = new HashMap<>();
    Deque<Integer> open = new ArrayDeque<>();
    int groups = 0;
    boolean inClass = false;
    for (int i = 0; i < rust.length(); i++) {
      char c = rust.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (rust.startsWith("(?#", i)) {
        i = rust.indexOf(')', i);
      } else if (c == '(') {
        boolean capturing =
            !rust.startsWith("(?", i)
                || rust.startsWith("(?P<", i)
                || (rust.startsWith("(?<", i)
                    && !rust.startsWith("(?<=", i)
                    && !rust.startsWith("(?<!", i));
        open.push(capturing ? ++groups : 0);
      } else if (c == ')' && !open.isEmpty()) {
        int g = open.pop();
        Matcher comment = GROUP_COMMENT.matcher(rust).region(i + 1, rust.length());
        if (g > 0 && comment.lookingAt()) {
          comments.put(g, comment.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    Set<Integer> secret = new TreeSet<>();
    comments.forEach(
        (g, text) -> {
          if (SECRET_COMMENT.matcher(text).find()) {
            secret.add(g);
          }
        });
    if (secret.isEmpty()) {
      for (int g = groups; g >= 1; g--) {
        if (!comments.containsKey(g) || !OTHER_COMMENT.matcher(comments.get(g)).find()) {
          secret.add(g);
          break;
        }
      }
    }
    if (secret.isEmpty() && groups > 0) {
      secret.add(groups);
    }
    return secret;
  }

  // ------------------------------------------------------------------ detect-secrets

  /** The fixture files that {@code expected_findings.json} covers, by name. */
  Map<String, String> detectSecretsFiles() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode expected =
        new ObjectMapper().readTree(file("detect-secrets-fixtures/expected_findings.json"));
    expected
        .fieldNames()
        .forEachRemaining(name -> out.put(name, file("detect-secrets-fixtures/" + name)));
    return out;
  }

  /**
   * Expected findings, one per distinct secret and line; the secret is the substring of its line
   * whose SHA-1 is the {@code hashed_secret} (start -1 when none is).
   */
  List<Expected> detectSecretsExpected() throws IOException {
    JsonNode expected =
        new ObjectMapper().readTree(file("detect-secrets-fixtures/expected_findings.json"));
    List<Expected> out = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    for (Map.Entry<String, String> f : detectSecretsFiles().entrySet()) {
      String text = f.getValue();
      for (JsonNode finding : expected.get(f.getKey())) {
        int line = finding.get("line_number").asInt();
        String hash = finding.get("hashed_secret").asText();
        if (seen.put(f.getKey() + ":" + line + ":" + hash, true) != null) {
          continue;
        }
        int lineStart = lineStart(text, line);
        int lineEnd = text.indexOf('\n', lineStart);
        String l = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        int[] span = locate(l, hash);
        out.add(
            span == null
                ? new Expected(f.getKey(), line, finding.get("type").asText(), -1, -1)
                : new Expected(
                    f.getKey(),
                    line,
                    finding.get("type").asText(),
                    lineStart + span[0],
                    lineStart + span[1]));
      }
    }
    return out;
  }

  private static int lineStart(String text, int line) {
    int at = 0;
    for (int i = 1; i < line; i++) {
      at = text.indexOf('\n', at) + 1;
    }
    return at;
  }

  private static int[] locate(String line, String sha1) {
    for (int len = line.length(); len > 0; len--) {
      for (int i = 0; i + len <= line.length(); i++) {
        if (sha1(line.substring(i, i + len)).equals(sha1)) {
          return new int[] {i, i + len};
        }
      }
    }
    return null;
  }

  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ gitleaks

  /** The gitleaks {@code .env.prod} fixture; line 4's value is its one credential. */
  String gitleaksEnv() {
    return file("gitleaks-fixtures/.env.prod");
  }
}
