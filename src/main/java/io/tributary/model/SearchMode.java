package io.tributary.model;

import java.util.Locale;

/** How chunks are matched to a query. */
public enum SearchMode {
  /** Cosine similarity of embeddings over the HNSW index. */
  VECTOR,
  /** PostgreSQL full-text search ({@code chunks.tsv}), ranked by idf-weighted {@code ts_rank}. */
  KEYWORD,
  /** Both, fused ({@code tributary.search.fusion}: convex by default, or reciprocal rank). */
  HYBRID;

  /** Parses {@code vector|keyword|hybrid} (case-insensitive); {@code null} for anything else. */
  public static SearchMode parse(String wire) {
    if (wire == null) {
      return null;
    }
    try {
      return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
