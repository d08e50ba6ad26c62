package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.tributary.chunk.SentenceChunker;
import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins what the in-process all-MiniLM-L6-v2 really reads: 126 word pieces (128 with [CLS] and
 * [SEP]). Anything after that does not change the vector at all, which is why chunks must never be
 * longer: the default {@code tributary.chunk.max-tokens} (120) stays under it.
 */
class MiniLmInputLimitTest {

  static final int MODEL_READS = 126;

  static EmbeddingModel model;
  static BertTokenCounter tokens;

  @BeforeAll
  static void load() {
    model = new AllMiniLmL6V2EmbeddingModel();
    tokens = new BertTokenCounter();
  }

  @AfterAll
  static void close() {
    tokens.close();
  }

  /** A text of exactly {@code n} word pieces made of common one-piece words. */
  static String wordPieces(int n) {
    String[] words = "the quick brown fox jumps over a lazy dog near river bank".split(" ");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(words[i % words.length]);
    }
    assertThat(tokens.count(sb.toString())).isEqualTo(n);
    return sb.toString();
  }

  static float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  @Test
  void should_ignore_everything_after_126_word_pieces() {
    String prefix = wordPieces(MODEL_READS);
    assertThat(embed(prefix + " volcano eruption destroyed the city"))
        .containsExactly(embed(prefix + " stock markets rallied on tuesday"));
  }

  @Test
  void should_still_read_the_126th_word_piece() {
    String prefix = wordPieces(MODEL_READS - 1);
    assertThat(embed(prefix + " volcano")).isNotEqualTo(embed(prefix + " market"));
  }

  @Test
  void should_count_word_pieces_without_special_tokens_and_without_truncation() {
    assertThat(tokens.count("")).isZero();
    assertThat(tokens.count("hello")).isEqualTo(1);
    assertThat(tokens.count(wordPieces(600))).isEqualTo(600);
  }

  @Test
  void should_cut_long_text_into_chunks_the_model_reads_whole() {
    SentenceChunker chunker = new SentenceChunker(tokens, 120, 16);
    List<Chunk> chunks =
        chunker.chunk(new RecordKey("s", "r"), wordPieces(1000) + ". " + wordPieces(300) + ".");
    assertThat(chunks).hasSizeGreaterThan(8);
    assertThat(chunks)
        .allSatisfy(c -> assertThat(tokens.count(c.text())).isLessThanOrEqualTo(MODEL_READS));
  }
}
