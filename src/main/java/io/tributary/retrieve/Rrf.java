package io.tributary.retrieve;

import io.tributary.model.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal rank fusion (Cormack, Clarke, Büttcher 2009): a chunk's fused score is the sum, over
 * the ranked lists it appears in, of {@code 1 / (k + rank)} with ranks from 1. Scores of different
 * kinds (cosine similarity, ts_rank) never have to be made comparable.
 */
public final class Rrf {

  private Rrf() {}

  public static List<SearchHit> fuse(int k, List<List<SearchHit>> rankings) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    Map<UUID, Double> scores = new LinkedHashMap<>();
    Map<UUID, SearchHit> first = new LinkedHashMap<>();
    for (List<SearchHit> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        SearchHit hit = ranking.get(i);
        scores.merge(hit.chunkId(), 1.0 / (k + i + 1), Double::sum);
        first.putIfAbsent(hit.chunkId(), hit);
      }
    }
    List<SearchHit> fused = new ArrayList<>(first.size());
    for (Map.Entry<UUID, SearchHit> e : first.entrySet()) {
      SearchHit h = e.getValue();
      fused.add(new SearchHit(h.chunkId(), scores.get(e.getKey()), h.text(), h.provenance()));
    }
    // Stable sort: ties keep the order of first appearance (the vector list comes first).
    fused.sort(Comparator.comparingDouble(SearchHit::score).reversed());
    return fused;
  }
}
