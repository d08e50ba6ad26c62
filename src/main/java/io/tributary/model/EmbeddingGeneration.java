package io.tributary.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One model's vectors of every chunk (docs/retrieval.md#generations). Generation 1 keeps them in
 * the {@code chunks.embedding} column, every later one in its own table {@code chunk_vectors_<id>}.
 *
 * @param state building (being filled), ready (complete, not serving), active (serving), retired
 *     (served before; a rollback target until dropped), dropped, failed
 * @param vectorsReused vectors its build took from the embedding cache
 * @param vectorsComputed vectors its build had the model compute
 */
public record EmbeddingGeneration(
    int id,
    String modelId,
    int dimension,
    State state,
    Instant createdAt,
    Instant builtAt,
    Instant activatedAt,
    Instant retiredAt,
    Instant droppedAt,
    long vectorsReused,
    long vectorsComputed,
    String error) {

  /** The life of a generation. */
  public enum State {
    BUILDING,
    READY,
    ACTIVE,
    RETIRED,
    DROPPED,
    FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether its vectors exist and are kept up to date with the chunks. */
    public boolean live() {
      return this == BUILDING || this == READY || this == ACTIVE || this == RETIRED;
    }
  }

  public EmbeddingGeneration {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(state, "state");
    if (id < 1 || dimension < 1) {
      throw new IllegalArgumentException("generation id and dimension must be >= 1");
    }
  }

  /** Whether its vectors are the {@code chunks.embedding} column (generation 1). */
  public boolean inChunksTable() {
    return id == 1;
  }
}
