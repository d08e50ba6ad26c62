package io.tributary.store;

import io.tributary.model.EmbeddingGeneration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedding generations in the database: the registry, the serving pointer (one row) and each
 * generation's vectors.
 *
 * <p>Contract: thread-safe; every method is one transaction. Failures are {@link
 * io.tributary.pipeline.RetriableException} (database unreachable), {@link
 * io.tributary.pipeline.FatalPipelineException} (schema missing) or {@link IllegalStateException}
 * (the operation does not fit the generation's state; the message says why).
 */
public interface Generations {

  /** An activation found chunks without the generation's vector (written since its catch-up). */
  final class Incomplete extends IllegalStateException {
    public Incomplete(String message) {
      super(message);
    }
  }

  /** A chunk that a generation has no vector for yet. */
  record Missing(UUID chunkId, String text) {}

  /** The generation search serves: one row read. Empty before {@link #bootstrap}. */
  Optional<EmbeddingGeneration> serving();

  Optional<EmbeddingGeneration> get(int id);

  /** Every generation, newest first. */
  List<EmbeddingGeneration> list();

  /** The live (not dropped, not failed) generation of a model, if any. */
  Optional<EmbeddingGeneration> liveOf(String modelId);

  /**
   * Registers the {@code chunks.embedding} column as generation 1 of the given model, serving,
   * unless a generation exists already. Returns the serving generation.
   */
  EmbeddingGeneration bootstrap(String modelId, int dimension);

  /**
   * Creates a building generation of a model with its own vector table and HNSW index.
   *
   * @throws IllegalStateException the model has a live generation already
   */
  EmbeddingGeneration create(String modelId, int dimension);

  /**
   * Up to {@code limit} chunks the generation has no vector for, in chunk id order, after the chunk
   * id {@code after} (null: from the first). A build pages with it, so each batch reads on from
   * where the last one ended instead of walking every chunk that has its vector already.
   */
  List<Missing> missing(EmbeddingGeneration generation, UUID after, int limit);

  long countMissing(EmbeddingGeneration generation);

  /**
   * Stores vectors of chunks in the generation (a chunk deleted meanwhile is skipped, a vector
   * there already is kept). Returns how many were stored.
   */
  int store(EmbeddingGeneration generation, List<UUID> chunkIds, List<float[]> vectors);

  /** Adds to the build report of a generation. */
  void count(int id, long reused, long computed);

  /** A building generation becomes ready (complete). */
  void markReady(int id);

  void markFailed(int id, String error);

  /**
   * Makes a ready or retired generation serve, in one transaction that also checks that it has a
   * vector for every chunk: one UPDATE of the serving row; the one that served becomes retired.
   *
   * @throws Incomplete chunks still missing vectors
   * @throws IllegalStateException not ready/retired
   */
  EmbeddingGeneration activate(int id);

  /** Retired generations whose grace period has passed. */
  List<EmbeddingGeneration> expired(Duration grace);

  /** Drops a retired, ready or failed generation's vectors; never the serving one. */
  void drop(int id);
}
