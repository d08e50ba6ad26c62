package io.tributary.model;

import java.util.Objects;
import java.util.UUID;

/** One retrieved chunk: its text, cosine similarity to the query, and where it came from. */
public record SearchHit(UUID chunkId, double score, String text, Provenance provenance) {

  public SearchHit {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(provenance, "provenance");
  }
}
