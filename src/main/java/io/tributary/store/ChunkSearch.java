package io.tributary.store;

import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchScope;
import java.util.List;

/**
 * Ranked search over the stored chunks that a {@link SearchScope} (principals, filters) can see.
 *
 * <p>Contract: thread-safe; never writes; the query and scope are never mutated. An empty list
 * means no visible chunk matched; it is never null. Failures are {@link
 * io.tributary.pipeline.RetriableException} (database unreachable) or {@link
 * io.tributary.pipeline.FatalPipelineException} (schema missing, a corrupt provenance column).
 */
public interface ChunkSearch {

  /**
   * At most {@code limit} chunks visible in the scope, by cosine similarity to the query, best
   * first (score = similarity). Returns {@code limit} chunks whenever that many are visible,
   * however selective the filter: the HNSW scan iterates, and falls back to an exact scan when it
   * comes back short.
   *
   * @param generation whose vectors are searched (the query vector is of its model); every hit of
   *     one call comes from it
   * @param efSearch HNSW candidate list size ({@code hnsw.ef_search}); raised to {@code limit} when
   *     smaller
   */
  List<SearchHit> vectorSearch(
      EmbeddingGeneration generation, float[] query, SearchScope scope, int limit, int efSearch);

  /**
   * At most {@code limit} chunks visible in the scope that share a word (English stemming) with the
   * query, best first by the sum over the query's words of idf × {@code ts_rank} (score = that sum;
   * idf counted over the chunks the scope can see).
   */
  List<SearchHit> keywordSearch(String query, SearchScope scope, int limit);
}
