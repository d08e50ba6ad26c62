package io.tributary.store;

import java.util.List;
import java.util.Map;

/**
 * Vectors already computed, keyed by (model id, SHA-256 of the exact text embedded).
 *
 * <p>Contract: thread-safe; a lookup returns only the keys it has, never null; a put keeps an
 * existing entry. Failures are {@link io.tributary.pipeline.RetriableException} (database
 * unreachable) or {@link io.tributary.pipeline.FatalPipelineException} (schema missing).
 */
public interface EmbeddingCache {

  /** The cached vectors of those text hashes (hex SHA-256) that the model has embedded before. */
  Map<String, float[]> get(String modelId, List<String> textSha256);

  /** Remembers vectors by hex SHA-256 of their texts. */
  void put(String modelId, Map<String, float[]> vectors);

  /**
   * Bounds the cache: removes the entries no live chunk can use, those of a model without a live
   * generation and those whose text no chunk has now (an edited record's old chunks, a deleted
   * record's). What stays is at most one entry per live chunk text and live model.
   *
   * @return the entries removed
   */
  long evictUnused();
}
