package io.tributary.pipeline;

/**
 * Counts word pieces the way the embedding model's own tokenizer does, special tokens excluded.
 * Thread-safe.
 */
public interface TokenCounter {

  int count(String text);
}
