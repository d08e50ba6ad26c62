package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's sample records ({@code samples/crm-records.json}, {@code samples/crm-stream.txt}) show
 * no person's name in clear: the {@code name} field (scanned by the crm source's policy) and the
 * free text both go through the detectors, and no word of any record's name survives. The demo once
 * showed {@code Kenji Watanabe} and {@code Oluwaseun Adeyemi}: names the dictionaries lacked.
 */
class DemoSamplesTest {

  private final DetectingRedactor redactor = Fixtures.redactor();

  @Test
  void demo_samples_keep_no_name_in_clear() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    json.readTree(Path.of("samples/crm-records.json").toFile())
        .get("records")
        .forEach(records::add);
    for (String line :
        Files.readAllLines(Path.of("samples/crm-stream.txt"), StandardCharsets.UTF_8)) {
      int bar = line.indexOf('|');
      if (bar > 0 && line.startsWith("{", bar + 1)) {
        records.add(json.readTree(line.substring(bar + 1)));
      }
    }
    int names = 0;
    for (JsonNode r : records) {
      JsonNode name = r.path("fields").path("name");
      if (!name.isTextual() || name.asText().equals("Broken Record")) {
        continue;
      }
      names++;
      String field = redactor.redactText(name.asText()).text();
      String text = redactor.redactText(r.path("text").asText("")).text();
      for (String word : name.asText().split(" ")) {
        assertThat(field).as("name field of %s", r.get("id")).doesNotContain(word);
        assertThat(text).as("text of %s", r.get("id")).doesNotContain(word);
      }
    }
    assertThat(names).isGreaterThanOrEqualTo(7);
  }
}
