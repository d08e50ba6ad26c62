package io.tributary.embed;

import java.util.List;

/**
 * The embedding stage: turns chunk texts into vectors.
 *
 * <p>Contract: thread-safe; returns one vector per text, in order, each of {@link #dimension()}
 * floats; an empty list gives an empty list. Failures are {@link
 * io.tributary.pipeline.RetriableException} (endpoint timeout, 429, 5xx, after its own retries),
 * {@link io.tributary.pipeline.PoisonRecordException} (the model refused this input) or {@link
 * io.tributary.pipeline.FatalPipelineException} (credentials, wrong model).
 */
public interface Embedder {

  List<float[]> embed(List<String> texts);

  /**
   * Embeds search queries. Asymmetric models (BGE) want an instruction before a query that they do
   * not want before a passage; the default embeds queries like passages.
   */
  default List<float[]> embedQueries(List<String> queries) {
    return embed(queries);
  }

  /**
   * Identifies the model in provenance and in the pipeline version, e.g. {@code
   * in-process/all-minilm-l6-v2}.
   */
  String modelId();

  /**
   * Vectors taken from an embedding cache since start instead of computed; 0 without a cache.
   * Callers compare two readings (a method, not a type check: CDI hands out client proxies).
   */
  default long reused() {
    return 0;
  }

  /** Vectors the model computed since start; 0 when not counted (no cache). */
  default long computed() {
    return 0;
  }

  int dimension();
}
