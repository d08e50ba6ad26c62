package io.tributary.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.tributary.pipeline.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Counts word pieces with the tokenizer that ships inside the all-MiniLM-L6-v2 jar, the one the
 * model itself uses, with its truncation and padding switched off so that long texts are counted
 * whole. Special tokens ([CLS], [SEP]) are not counted.
 */
public final class BertTokenCounter implements TokenCounter, AutoCloseable {

  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;
  private final NativeGuard guard =
      new NativeGuard("the token counter", OnnxBatchEmbeddingModel.CLOSE_WAIT_MILLIS);

  public BertTokenCounter() {
    try (InputStream in = BertTokenCounter.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "tokenizer " + TOKENIZER_RESOURCE + " not on the classpath");
      }
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              in, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer", e);
    }
  }

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return guard.use(() -> tokenizer.encode(text, false, false).getIds().length);
  }

  /**
   * Frees the native tokenizer once no count is in flight (freeing it under one crashes the JVM).
   */
  @Override
  public void close() {
    guard.close(tokenizer::close);
  }
}
