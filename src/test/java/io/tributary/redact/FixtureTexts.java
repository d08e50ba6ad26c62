package io.tributary.redact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Detector fixture texts under {@code src/test/resources/redact/}, one case a line: {@code + text}
 * where the detector must report exactly the spans marked «like this», {@code - text} where it must
 * report nothing. {@code \n} and {@code \t} stand for a line break and a tab; {@code {{macro}}} for
 * a fake credential made by {@link SecretSamples}, seeded by the line number so a failure
 * reproduces. {@code #} starts a comment line.
 */
final class FixtureTexts {

  /** One fixture case: the text, the values to find, where it comes from. */
  record Case(String source, String text, List<String> expected) {
    @Override
    public String toString() {
      return source + (expected.isEmpty() ? " (negative)" : "");
    }
  }

  private FixtureTexts() {}

  static List<Case> load(String resource) {
    try (InputStream in = FixtureTexts.class.getResourceAsStream("/redact/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /redact/" + resource);
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      List<Case> cases = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].stripTrailing();
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (!line.startsWith("+ ") && !line.startsWith("- ")) {
          throw new IllegalArgumentException(
              resource + ":" + (i + 1) + ": a case starts with '+ ' or '- '");
        }
        String text =
            SecretSamples.expand(
                line.substring(2).replace("\\n", "\n").replace("\\t", "\t"), new Random(i + 1));
        cases.add(parse(resource + ":" + (i + 1), text, line.startsWith("+ ")));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case parse(String source, String marked, boolean positive) {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    int open = -1;
    for (int i = 0; i < marked.length(); i++) {
      char c = marked.charAt(i);
      if (c == '«') {
        open = text.length();
      } else if (c == '»') {
        expected.add(text.substring(open));
        open = -1;
      } else {
        text.append(c);
      }
    }
    if (positive == expected.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": '+' cases mark values with «», '-' cases mark none");
    }
    return new Case(source, text.toString(), expected);
  }
}
