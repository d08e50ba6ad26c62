package io.tributary.redact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vendor secret rules of {@code redact/secret-rules.tsv}, as data: one row per rule, with its
 * id, the keywords that must occur for it to be tried, how far before a keyword its match may
 * start, the least Shannon entropy of its secret, and its pattern. The table reproduces the vendor
 * coverage of the common open secret-scanning rule sets (access tokens, API keys, client secrets,
 * webhook URLs and connection strings of about 150 services); it was written for this project, not
 * copied.
 *
 * <p>Keyword pre-filtering keeps it fast: one pass of a {@link Keywords} automaton over the text
 * (ASCII case folded) finds every keyword; only there are the rules that name it tried, in a window
 * of at most {@value #WINDOW} characters. A rule with {@code back == 0} must match where its
 * keyword starts; one with {@code back > 0} may start up to {@code back} characters earlier (the
 * keyword is inside the token, as in {@code ...Q~...} of an Azure client secret). Group 1 of the
 * pattern, or the whole match when it has no group, is the secret; it must reach the row's entropy,
 * must not be one repeated character, and, for a rule found by a key word ({@code ~} rows), must
 * hold a digit or a symbol besides letters: {@code adobe_client_id = your_adobe_client_id} is no
 * secret.
 *
 * <p>File format, tab-separated, {@code #} starts a comment line: {@code id keywords back entropy
 * pattern}. Keywords are lower case, comma-separated. In a pattern, {@code ${kv}} stands for an
 * assignment after a key ({@code _SECRET = "}, {@code ": "}, {@code =>}), {@code ${end}} for the
 * end of a value (a quote, white space, {@code ;}, {@code &}, an escaped newline or the end),
 * {@code ${b}} and {@code ${e}} for no token character before and after, {@code ${uuid}} for a
 * UUID. A pattern that starts with {@code ~} is a body found after a keyword: {@code ~BODY} is read
 * as {@code (?i)(?:kw1|kw2)${kv}(BODY)${end}}.
 *
 * <p>Thread-safe and stateless; linear in the text (each keyword occurrence costs at most one
 * bounded match per rule that names it).
 */
final class RuleTableRule implements SecretRule {

  /** The longest stretch of text one rule's match may read after its keyword. */
  static final int WINDOW = 600;

  /** One row of the table. */
  record Row(
      String id, List<String> keywords, int back, double entropy, Pattern pattern, boolean keyed) {}

  private static final Map<String, String> MACROS =
      Map.of(
          "${kv}",
          "[\\w.\\-]{0,30}?[ \\t'\"]{0,3}(?:=|:=|::=|:|=>|\\|\\|:|<=|\\?=|>|,)[ \\t'\"`]{0,5}",
          "${end}",
          "(?=[`'\"\\s;,)\\]}<>&|]|\\\\[nrt]|$)",
          "${b}",
          "(?<![A-Za-z0-9_])",
          "${e}",
          "(?![A-Za-z0-9_])",
          "${uuid}",
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  static final List<Row> ROWS = load("/redact/secret-rules.tsv");

  private static final Keywords KEYWORDS;

  /** For keyword {@code k} of {@link #KEYWORDS}, the indexes of the rows that name it. */
  private static final int[][] ROWS_BY_KEYWORD;

  static {
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    for (int r = 0; r < ROWS.size(); r++) {
      for (String k : ROWS.get(r).keywords()) {
        List<Integer> rows = byKeyword.computeIfAbsent(k, x -> new ArrayList<>());
        if (!rows.contains(r)) {
          rows.add(r);
        }
      }
    }
    List<String> words = new ArrayList<>(byKeyword.keySet());
    KEYWORDS = new Keywords(words);
    ROWS_BY_KEYWORD = new int[words.size()][];
    for (int k = 0; k < words.size(); k++) {
      ROWS_BY_KEYWORD[k] =
          byKeyword.get(words.get(k)).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    Matcher[] matchers = new Matcher[ROWS.size()];
    int[] resume = new int[ROWS.size()]; // per row, where its last match ended
    KEYWORDS.scan(
        text,
        (keyword, start) -> {
          for (int r : ROWS_BY_KEYWORD[keyword]) {
            Row row = ROWS.get(r);
            int from = Math.max(start - row.back(), resume[r]);
            if (from > start) {
              continue; // inside the last match of this row
            }
            Matcher m = matchers[r];
            if (m == null) {
              m = matchers[r] = row.pattern().matcher(text);
              m.useTransparentBounds(true);
              m.useAnchoringBounds(false);
            }
            m.region(from, Math.min(text.length(), start + WINDOW));
            boolean hit = row.back() == 0 ? m.lookingAt() : m.find() && m.start() <= start;
            if (hit) {
              int g = m.groupCount() >= 1 && m.start(1) >= 0 ? 1 : 0;
              if (accepts(row, text.substring(m.start(g), m.end(g)))) {
                spans.add(new int[] {m.start(g), m.end(g)});
                resume[r] = m.end();
              }
            }
          }
        });
  }

  private static boolean accepts(Row row, String secret) {
    if (secret.isEmpty() || TextScan.repeated(secret) || CredentialValues.placeholder(secret)) {
      return false;
    }
    if (row.keyed()) {
      boolean other = false;
      for (int i = 0; i < secret.length() && !other; i++) {
        other = !Character.isLetter(secret.charAt(i));
      }
      if (!other) {
        return false;
      }
    }
    return row.entropy() <= 0 || HighEntropyRule.entropy(secret) >= row.entropy();
  }

  static List<Row> load(String resource) {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = RuleTableRule.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = reader.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 5) {
          throw new IllegalStateException(resource + ":" + n + ": expected 5 tab-separated fields");
        }
        List<String> keywords = List.of(f[1].split(","));
        for (String k : keywords) {
          if (k.isEmpty() || !k.equals(k.toLowerCase(java.util.Locale.ROOT)) || !ascii(k)) {
            throw new IllegalStateException(resource + ":" + n + ": keyword not lower-case ASCII");
          }
        }
        boolean keyed = f[4].startsWith("~");
        String regex =
            keyed
                ? "(?i)(?:"
                    + String.join("|", keywords.stream().map(Pattern::quote).toList())
                    + ")${kv}("
                    + f[4].substring(1)
                    + ")${end}"
                : f[4];
        for (Map.Entry<String, String> macro : MACROS.entrySet()) {
          regex = regex.replace(macro.getKey(), macro.getValue());
        }
        rows.add(
            new Row(
                f[0],
                keywords,
                Integer.parseInt(f[2]),
                Double.parseDouble(f[3]),
                Pattern.compile(regex),
                keyed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(rows);
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 128);
  }
}
