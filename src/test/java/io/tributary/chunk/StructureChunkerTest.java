package io.tributary.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.TokenCounter;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StructureChunkerTest {

  /** One word, one token: easy to reason about. */
  static final TokenCounter WORDS = t -> t.isBlank() ? 0 : t.strip().split("\\s+").length;

  static final RecordKey KEY = new RecordKey("docs", "guide.docx");

  final StructureChunker chunker = new StructureChunker(WORDS, 40);

  @Test
  void headings_build_the_section_path_and_start_new_chunks() {
    String markup =
        String.join(
            "\n",
            "# 2 Installation",
            "Install it like this.",
            "## 2.1 Requirements",
            "Java 17 is needed.",
            "## 2.2 Steps",
            "- Download it",
            "- Run it",
            "# 3 Usage",
            "Call the API.");

    List<Chunk> chunks = chunker.chunk(KEY, "Guide", markup);

    assertThat(chunks)
        .extracting(c -> c.location().get("section"))
        .containsExactly(
            "2 Installation",
            "2 Installation > 2.1 Requirements",
            "2 Installation > 2.2 Steps",
            "3 Usage");
    assertThat(chunks.get(1).text())
        .isEqualTo("Guide > 2 Installation > 2.1 Requirements\nJava 17 is needed.");
    assertThat(chunks.get(2).text()).endsWith("- Download it\n- Run it");
    assertThat(chunks).extracting(Chunk::ordinal).containsExactly(0, 1, 2, 3);
  }

  @Test
  void pages_of_paged_documents_are_recorded_per_chunk() {
    String markup = "First page text.\n\f\nSecond page starts.\nStill second.\n\f\n";

    List<Chunk> chunks = chunker.chunk(KEY, null, markup);

    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).location()).containsEntry("pages", "1-2").doesNotContainKey("section");
  }

  @Test
  void a_long_table_is_split_between_rows_with_its_header_repeated() {
    String rows =
        IntStream.range(0, 30)
            .mapToObj(i -> "| row" + i + " | a b c | d e f")
            .collect(Collectors.joining("\n"));
    String markup = "|! name | left | right\n" + rows + "\n";

    List<Chunk> chunks = chunker.chunk(KEY, "Sheet", markup);

    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.text()).startsWith("Sheet\nname | left | right\n");
              assertThat(c.tokenCount()).isLessThanOrEqualTo(40);
            });
    String all = chunks.stream().map(Chunk::text).collect(Collectors.joining("\n"));
    assertThat(IntStream.range(0, 30)).allSatisfy(i -> assertThat(all).contains("row" + i + " |"));
  }

  @Test
  void a_paragraph_longer_than_a_chunk_is_split_and_nothing_is_lost() {
    String longText =
        IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" ")) + ".";

    List<Chunk> chunks = chunker.chunk(KEY, "T", "# H\n" + longText);

    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.tokenCount()).isLessThanOrEqualTo(40);
              assertThat(c.text()).startsWith("T > H\n");
            });
    String all = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
    assertThat(IntStream.range(0, 100))
        .allSatisfy(i -> assertThat(all).containsPattern("\\bw" + i + "\\b"));
  }

  @Test
  void a_huge_title_is_cut_to_a_quarter_of_the_chunk_quickly() {
    String title =
        IntStream.range(0, 50_000).mapToObj(i -> "t" + i).collect(Collectors.joining(" "));

    List<Chunk> chunks = chunker.chunk(KEY, title, "# H\nbody text.\n");

    assertThat(chunks).hasSize(1);
    assertThat(WORDS.count(chunks.get(0).text().lines().findFirst().orElseThrow()))
        .isLessThanOrEqualTo(10);
    assertThat(chunks.get(0).text()).endsWith("body text.");
  }

  @Test
  void is_deterministic() {
    String markup = "# A\npara one.\n- item\n|! h\n| r\n";

    assertThat(chunker.chunk(KEY, "t", markup)).isEqualTo(chunker.chunk(KEY, "t", markup));
  }

  @Test
  void escaped_paragraphs_lose_their_escape() {
    List<Chunk> chunks = chunker.chunk(KEY, null, "\\# not a heading\n");

    assertThat(chunks.get(0).text()).isEqualTo("# not a heading");
  }
}
