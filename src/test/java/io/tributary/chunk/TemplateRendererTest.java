package io.tributary.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.Engine;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.RedactedRecord;
import io.tributary.model.RedactionReport;
import io.tributary.model.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {

  static RedactedRecord record(String source) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", "Ada");
    fields.put("email", "hmac:0123456789abcdef");
    SourceRecord raw =
        new SourceRecord(
            new RecordKey(source, "C-1"),
            2L,
            RecordOp.UPSERT,
            fields,
            "Asked about renewal.",
            List.of(),
            Map.of(),
            Origin.http());
    return new RedactedRecord(
        raw, fields, "Asked about renewal.", Map.of(), RedactionReport.NONE, "p1");
  }

  @Test
  void should_render_field_value_lines_then_text_when_source_has_no_template(@TempDir Path dir) {
    TemplateRenderer renderer = new TemplateRenderer(Engine.builder().addDefaults().build(), dir);
    assertThat(renderer.render(record("erp")))
        .isEqualTo("name: Ada\nemail: hmac:0123456789abcdef\n\nAsked about renewal.");
    assertThat(renderer.version("erp")).isEqualTo("default-layout");
  }

  @Test
  void should_render_with_the_sources_qute_template(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("tickets.txt"), "Ticket {id} v{version} from {fields.name}: {text}");
    TemplateRenderer renderer = new TemplateRenderer(Engine.builder().addDefaults().build(), dir);
    assertThat(renderer.render(record("tickets")))
        .isEqualTo("Ticket C-1 v2 from Ada: Asked about renewal.");
    assertThat(renderer.version("tickets")).hasSize(16).isNotEqualTo("default-layout");
  }

  @Test
  void should_render_the_shipped_crm_template() {
    TemplateRenderer renderer =
        new TemplateRenderer(Engine.builder().addDefaults().build(), Path.of("prompts/records"));
    String text = renderer.render(record("crm"));
    assertThat(text)
        .startsWith("CRM customer Ada")
        .contains("email: hmac:0123456789abcdef")
        .endsWith("Asked about renewal.");
  }
}
