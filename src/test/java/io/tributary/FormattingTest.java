package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spotless (google-java-format) keeps code within 100 columns but leaves long string literals and
 * text blocks alone; this keeps every line of the sources within 120 columns.
 */
class FormattingTest {

  static final int MAX_COLUMNS = 120;

  @Test
  void no_source_line_is_longer_than_120_columns() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (String root : List.of("src/main/java", "src/test/java", "bench", "clients")) {
      if (!Files.isDirectory(Path.of(root))) {
        continue;
      }
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(file);
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length() > MAX_COLUMNS) {
              tooLong.add(file + ":" + (i + 1));
            }
          }
        }
      }
    }
    assertThat(tooLong).as("lines over " + MAX_COLUMNS + " columns").isEmpty();
  }
}
