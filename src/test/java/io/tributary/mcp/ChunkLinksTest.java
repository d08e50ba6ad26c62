package io.tributary.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Origin;
import io.tributary.model.Provenance;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkLinksTest {

  private static Provenance provenance(int ordinal, Map<String, String> document) {
    return new Provenance(
        "crm",
        "C-1",
        3L,
        ordinal,
        "hash",
        "model",
        null,
        Map.of(),
        Origin.http(),
        "policy",
        document,
        Map.of());
  }

  @Test
  void should_cite_only_absolute_web_urls_of_the_origin() {
    assertThat(ChunkLinks.isWebUrl("https://crm.example.com/tickets/C-1")).isTrue();
    assertThat(ChunkLinks.isWebUrl("http://intranet:8080/a?b=c")).isTrue();
    assertThat(ChunkLinks.isWebUrl("javascript:alert(1)")).isFalse();
    assertThat(ChunkLinks.isWebUrl("file:///etc/passwd")).isFalse();
    assertThat(ChunkLinks.isWebUrl("/relative/path")).isFalse();
    assertThat(ChunkLinks.isWebUrl("https://")).isFalse();
    assertThat(ChunkLinks.isWebUrl("not a url at all")).isFalse();
  }

  @Test
  void should_title_a_chunk_by_its_document_title_or_its_record_and_part() {
    assertThat(ChunkLinks.title(provenance(0, Map.of()))).isEqualTo("crm / C-1");
    assertThat(ChunkLinks.title(provenance(2, Map.of()))).isEqualTo("crm / C-1 (part 3)");
    assertThat(ChunkLinks.title(provenance(0, Map.of("title", " Returns handbook "))))
        .isEqualTo("Returns handbook");
    assertThat(ChunkLinks.title(provenance(0, Map.of("title", " ")))).isEqualTo("crm / C-1");
  }
}
