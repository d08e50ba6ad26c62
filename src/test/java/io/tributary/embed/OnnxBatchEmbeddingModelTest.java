package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batched engine must give LangChain4j's vectors, so switching engines needs no re-embedding.
 */
class OnnxBatchEmbeddingModelTest {

  static EmbeddingModel langChain;
  static OnnxBatchEmbeddingModel batched;

  @BeforeAll
  static void load() {
    langChain = new AllMiniLmL6V2EmbeddingModel();
    // A small batch so that one call spans several padded batches of different widths.
    batched = new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.FP32, 4, 1, 2);
    MiniLmInputLimitTest.tokens = new BertTokenCounter(); // wordPieces(n) checks its counts with it
  }

  @AfterAll
  static void close() {
    batched.close();
    MiniLmInputLimitTest.tokens.close();
  }

  static List<String> texts() {
    List<String> texts = new ArrayList<>();
    texts.add("ok");
    texts.add("Printer on floor 3 is jammed again.");
    texts.add(
        "Customer Müller reports that the café's Wi-Fi drops every hour; naïve résumé façade.");
    texts.add("Клиент сообщает, что заказ не доставлен. 顧客は注文が届いていないと報告しています。 🚚📦");
    texts.add(
        "Refund requested for order #48213 — charged twice on 2023-04-01 (€129.99 and €129.99).");
    texts.add("unbelievably   antidisestablishmentarianism\tsupercalifragilistic\nnewline");
    texts.add("The quick brown fox jumps over the lazy dog. ".repeat(3));
    texts.add(MiniLmInputLimitTest.wordPieces(126));
    texts.add(
        "Long ticket: "
            + "the account was locked after several failed logins and the reset link expired. "
                .repeat(20));
    texts.add("Ärger über Überweisung: ".repeat(40));
    texts.add("x");
    return texts;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void should_give_the_langchain4j_vectors_for_short_long_and_non_ascii_texts() {
    List<TextSegment> segments = texts().stream().map(TextSegment::from).toList();
    var expected = langChain.embedAll(segments).content();
    var actual = batched.embedAll(segments).content();
    assertThat(actual).hasSize(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      assertThat(actual.get(i).dimension()).isEqualTo(384);
      assertThat(cosine(expected.get(i).vector(), actual.get(i).vector()))
          .as("text %d", i)
          .isGreaterThanOrEqualTo(0.9999);
    }
  }

  @Test
  void should_give_the_langchain4j_vectors_with_the_quantized_model() {
    // int8 activations are quantized per run, over the whole padded batch: batched, a short text's
    // vector moved to cosine 0.96, so the quantized model runs one text at a time.
    List<TextSegment> segments = texts().stream().map(TextSegment::from).toList();
    var expected = new AllMiniLmL6V2QuantizedEmbeddingModel().embedAll(segments).content();
    try (OnnxBatchEmbeddingModel quantized =
        new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.QUANTIZED, 4, 1, 2)) {
      var actual = quantized.embedAll(segments).content();
      for (int i = 0; i < segments.size(); i++) {
        assertThat(cosine(expected.get(i).vector(), actual.get(i).vector()))
            .as("text %d", i)
            .isGreaterThanOrEqualTo(0.9999);
      }
    }
  }

  @Test
  void should_give_the_same_vector_whatever_the_batch_neighbours() {
    String text = "Password reset email never arrives.";
    float[] alone = batched.embed(text).content().vector();
    List<TextSegment> mixed = new ArrayList<>();
    texts().forEach(t -> mixed.add(TextSegment.from(t)));
    mixed.add(3, TextSegment.from(text));
    float[] amongOthers = batched.embedAll(mixed).content().get(3).vector();
    assertThat(cosine(alone, amongOthers)).isGreaterThanOrEqualTo(0.9999);
  }

  @Test
  void should_ignore_everything_after_126_word_pieces_like_langchain4j() {
    String prefix = MiniLmInputLimitTest.wordPieces(126);
    assertThat(batched.embed(prefix + " volcano eruption").content().vector())
        .containsExactly(batched.embed(prefix + " stock markets").content().vector());
  }

  @Test
  void should_refuse_a_text_without_word_pieces_as_an_invalid_request() {
    // Not blank to Java, but the tokenizer drops format and control characters: nothing is left.
    assertThatThrownBy(
            () ->
                batched.embedAll(List.of(TextSegment.from("ok"), TextSegment.from("\u200b\u0007"))))
        .isInstanceOf(InvalidRequestException.class);
  }
}
