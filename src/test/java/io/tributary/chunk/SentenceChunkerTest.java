package io.tributary.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.TokenCounter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceChunkerTest {

  /**
   * One token per whitespace-separated word: makes the expected chunk boundaries easy to compute.
   */
  static final TokenCounter WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

  static final RecordKey KEY = new RecordKey("crm", "C-1");

  @Test
  void should_return_no_chunks_for_blank_text() {
    assertThat(new SentenceChunker(WORDS, 10, 0).chunk(KEY, "  \n ")).isEmpty();
  }

  @Test
  void should_keep_a_short_text_in_one_chunk() {
    List<Chunk> chunks = new SentenceChunker(WORDS, 10, 0).chunk(KEY, "One two three. Four five.");
    assertThat(chunks)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.text()).isEqualTo("One two three. Four five.");
              assertThat(c.tokenCount()).isEqualTo(5);
              assertThat(c.ordinal()).isZero();
            });
  }

  @Test
  void should_break_at_sentence_boundaries_rather_than_mid_sentence() {
    String text = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";
    List<Chunk> chunks = new SentenceChunker(WORDS, 9, 0).chunk(KEY, text);
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly(
            "Alpha beta gamma delta. Epsilon zeta eta theta.", "Iota kappa lambda mu.");
  }

  @Test
  void should_never_exceed_max_tokens_even_for_one_long_sentence_or_word() {
    String longSentence = "word ".repeat(95).strip() + ".";
    String longWord = "x".repeat(50);
    SentenceChunker chunker =
        new SentenceChunker(text -> WORDS.count(text) + text.length() / 20, 12, 2);
    List<Chunk> chunks = chunker.chunk(KEY, longSentence + " " + longWord);
    assertThat(chunks).hasSizeGreaterThan(5);
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(12));
    assertThat(String.join("", chunks.stream().map(Chunk::text).toList()).replace(" ", ""))
        .contains("x".repeat(10));
  }

  @Test
  void should_start_each_next_chunk_with_the_previous_chunks_tail_when_overlap_is_set() {
    String text = "A1 a2 a3 a4 a5. B1 b2 b3 b4 b5. C1 c2 c3 c4 c5.";
    List<Chunk> chunks = new SentenceChunker(WORDS, 8, 2).chunk(KEY, text);
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly("A1 a2 a3 a4 a5.", "a4 a5. B1 b2 b3 b4 b5.", "b4 b5. C1 c2 c3 c4 c5.");
  }

  @Test
  void should_produce_the_same_ids_for_the_same_text_and_different_ids_for_other_text() {
    SentenceChunker chunker = new SentenceChunker(WORDS, 8, 0);
    String text = "A1 a2 a3 a4 a5. B1 b2 b3 b4 b5.";
    assertThat(chunker.chunk(KEY, text))
        .extracting(Chunk::id)
        .hasSize(2)
        .containsExactlyElementsOf(chunker.chunk(KEY, text).stream().map(Chunk::id).toList())
        .doesNotHaveDuplicates();
    assertThat(chunker.chunk(new RecordKey("crm", "C-2"), text).get(0).id())
        .isNotEqualTo(chunker.chunk(KEY, text).get(0).id());
  }

  @Test
  void should_keep_line_breaks_of_the_rendered_layout() {
    List<Chunk> chunks =
        new SentenceChunker(WORDS, 50, 0).chunk(KEY, "name: Ada\ncompany: Engines\n\nShe called.");
    assertThat(chunks)
        .singleElement()
        .extracting(Chunk::text)
        .isEqualTo("name: Ada\ncompany: Engines\n\nShe called.");
  }

  @Test
  void should_count_tokens_a_bounded_number_of_times_per_sentence_not_per_candidate() {
    int[] calls = {0};
    TokenCounter counting =
        text -> {
          calls[0]++;
          return WORDS.count(text);
        };
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("Sentence number ").append(i).append(" has five words. ");
    }
    List<Chunk> chunks = new SentenceChunker(counting, 120, 10).chunk(KEY, text.toString());
    assertThat(chunks).hasSizeGreaterThan(10);
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(120));
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isEqualTo(WORDS.count(c.text())));
    // each sentence once, each chunk once, each overlap word once: linear in the text
    assertThat(calls[0]).isLessThan(400 + chunks.size() * (1 + 11));
  }

  @Test
  void should_count_with_the_models_tokenizer_exactly_as_counting_each_chunk_whole() {
    try (io.tributary.embed.BertTokenCounter bert = new io.tributary.embed.BertTokenCounter()) {
      String text =
          "I'm having an issue with the GoPro Hero. Please assist.\n\nThe device won't turn on"
              + " after the update (v2.1.3); I've tried resetting it — twice! Café naïve"
              + " résumé, 東京 and emoji 🙂 included.\nCustomer: Ada Lovelace, ticket #4521."
              + " Supercalifragilisticexpialidocious words split into many pieces. ";
      SentenceChunker chunker = new SentenceChunker(bert, 24, 4);
      List<Chunk> chunks = chunker.chunk(KEY, text.repeat(6));
      assertThat(chunks).hasSizeGreaterThan(6);
      assertThat(chunks)
          .allSatisfy(
              c -> {
                assertThat(c.tokenCount()).isEqualTo(bert.count(c.text()));
                assertThat(c.tokenCount()).isLessThanOrEqualTo(24);
              });
    }
  }

  @Test
  void should_refuse_settings_that_make_no_sense() {
    assertThatThrownBy(() -> new SentenceChunker(WORDS, 4, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SentenceChunker(WORDS, 20, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
