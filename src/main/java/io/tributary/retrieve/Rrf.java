package io.tributary.retrieve;

import io.tributary.model.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Fusion of the vector and keyword rankings. Reciprocal rank fusion (Cormack, Clarke, Büttcher
 * 2009): a chunk's fused score is the sum, over the ranked lists it appears in, of {@code 1 / (k +
 * rank)} with ranks from 1. Scores of different kinds (cosine similarity, ts_rank) never have to be
 * made comparable.
 */
public final class Rrf {

  private Rrf() {}

  public static List<SearchHit> fuse(int k, List<List<SearchHit>> rankings) {
    double[] weights = new double[rankings.size()];
    java.util.Arrays.fill(weights, 1.0);
    return fuse(k, weights, rankings);
  }

  /** Weighted RRF: list {@code i} contributes {@code weights[i] / (k + rank)}. */
  public static List<SearchHit> fuse(int k, double[] weights, List<List<SearchHit>> rankings) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    if (weights.length != rankings.size()) {
      throw new IllegalArgumentException("one weight per ranking");
    }
    Map<UUID, Double> scores = new LinkedHashMap<>();
    Map<UUID, SearchHit> first = new LinkedHashMap<>();
    for (int r = 0; r < rankings.size(); r++) {
      List<SearchHit> ranking = rankings.get(r);
      for (int i = 0; i < ranking.size(); i++) {
        SearchHit hit = ranking.get(i);
        scores.merge(hit.chunkId(), weights[r] / (k + i + 1), Double::sum);
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

  /**
   * Convex combination of normalised scores: each list's scores are min-max normalised over the
   * list (best 1, worst 0; a chunk absent from a list scores 0 there) and combined as {@code
   * vectorWeight × vector + (1 − vectorWeight) × keyword}. Unlike RRF it keeps how far apart the
   * candidates of a list are, so a keyword match that stands out is not pulled down by a flat
   * vector ranking.
   */
  public static List<SearchHit> convex(
      double vectorWeight, List<SearchHit> vector, List<SearchHit> keyword) {
    if (vectorWeight < 0 || vectorWeight > 1) {
      throw new IllegalArgumentException("vectorWeight must be within [0, 1]");
    }
    Map<UUID, Double> scores = new LinkedHashMap<>();
    Map<UUID, SearchHit> first = new LinkedHashMap<>();
    addNormalised(vector, vectorWeight, scores, first);
    addNormalised(keyword, 1 - vectorWeight, scores, first);
    List<SearchHit> fused = new ArrayList<>(first.size());
    for (Map.Entry<UUID, SearchHit> e : first.entrySet()) {
      SearchHit h = e.getValue();
      fused.add(new SearchHit(h.chunkId(), scores.get(e.getKey()), h.text(), h.provenance()));
    }
    fused.sort(Comparator.comparingDouble(SearchHit::score).reversed());
    return fused;
  }

  /** How many of each list's first chunks {@link #agreement} compares. */
  static final int AGREEMENT_DEPTH = 10;

  /**
   * The share of the vector list's first {@value #AGREEMENT_DEPTH} chunks that are also among the
   * keyword list's first {@value #AGREEMENT_DEPTH}, 0 to 1 (by chunk id; 0 when either list is
   * empty).
   */
  public static double agreement(List<SearchHit> vector, List<SearchHit> keyword) {
    Set<UUID> top = new HashSet<>();
    for (int i = 0; i < Math.min(AGREEMENT_DEPTH, keyword.size()); i++) {
      top.add(keyword.get(i).chunkId());
    }
    int shared = 0;
    for (int i = 0; i < Math.min(AGREEMENT_DEPTH, vector.size()); i++) {
      if (top.contains(vector.get(i).chunkId())) {
        shared++;
      }
    }
    return (double) shared / AGREEMENT_DEPTH;
  }

  /**
   * The vector weight of {@link #convex} for one query: {@code base + perAgreement × agreement},
   * clamped to [0, 1]. When the two lists' heads share chunks, the query's words and its meaning
   * point the same way and the finer-grained cosine scores can order the shared head; when they
   * share none, one list is likely off and the weight stays at the base.
   */
  public static double vectorWeight(
      double base, double perAgreement, List<SearchHit> vector, List<SearchHit> keyword) {
    double w = base + perAgreement * agreement(vector, keyword);
    return Math.max(0, Math.min(1, w));
  }

  private static void addNormalised(
      List<SearchHit> ranking,
      double weight,
      Map<UUID, Double> scores,
      Map<UUID, SearchHit> first) {
    if (ranking.isEmpty()) {
      return;
    }
    double hi = ranking.get(0).score();
    double lo = ranking.get(ranking.size() - 1).score();
    for (SearchHit hit : ranking) {
      double norm = hi > lo ? (hit.score() - lo) / (hi - lo) : 1.0;
      scores.merge(hit.chunkId(), weight * norm, Double::sum);
      first.putIfAbsent(hit.chunkId(), hit);
    }
  }
}
