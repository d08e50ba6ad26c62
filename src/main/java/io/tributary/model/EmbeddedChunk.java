package io.tributary.model;

import java.util.Objects;

/** A chunk with its vector. The array is owned by this record: never mutate it. */
public record EmbeddedChunk(Chunk chunk, float[] vector) {

  public EmbeddedChunk {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(vector, "vector");
    if (vector.length == 0) {
      throw new IllegalArgumentException("empty vector");
    }
  }
}
