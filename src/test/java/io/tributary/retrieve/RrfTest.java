package io.tributary.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.model.Provenance;
import io.tributary.model.SearchHit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RrfTest {

  static SearchHit hit(String name, double score) {
    return hit(name, "r-" + name, score);
  }

  static SearchHit hit(String name, String record, double score) {
    return new SearchHit(
        UUID.nameUUIDFromBytes(name.getBytes()),
        score,
        name,
        new Provenance("s", record, 1L, 0, "h", "m", null, null, null, "p"));
  }

  @Test
  void should_rank_a_chunk_found_by_both_modes_above_chunks_found_by_one() {
    List<SearchHit> vector = List.of(hit("a", 0.9), hit("b", 0.8), hit("c", 0.7));
    List<SearchHit> keyword = List.of(hit("d", 12), hit("c", 3));
    List<SearchHit> fused = Rrf.fuse(60, List.of(vector, keyword));
    assertThat(fused).extracting(SearchHit::text).containsExactly("c", "a", "d", "b");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 63 + 1.0 / 62, within(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
  }

  @Test
  void should_keep_a_single_ranking_in_order() {
    List<SearchHit> one = List.of(hit("a", 0.1), hit("b", 0.9));
    assertThat(Rrf.fuse(60, List.of(one, List.of())))
        .extracting(SearchHit::text)
        .containsExactly("a", "b");
  }

  @Test
  void should_cap_chunks_per_record_and_drop_scores_below_the_floor() {
    List<SearchHit> ranked =
        List.of(
            hit("a1", "A", 0.9),
            hit("a2", "A", 0.85),
            hit("b1", "B", 0.8),
            hit("a3", "A", 0.7),
            hit("c1", "C", 0.2));
    assertThat(SearchService.keep(ranked, 10, null, 1))
        .extracting(SearchHit::text)
        .containsExactly("a1", "b1", "c1");
    assertThat(SearchService.keep(ranked, 10, 0.5, 2))
        .extracting(SearchHit::text)
        .containsExactly("a1", "a2", "b1");
    assertThat(SearchService.keep(ranked, 2, null, null))
        .extracting(SearchHit::text)
        .containsExactly("a1", "a2");
  }

  @Test
  void should_weight_the_keyword_list_in_weighted_rrf() {
    List<SearchHit> vector = List.of(hit("a", 0.9), hit("b", 0.8));
    List<SearchHit> keyword = List.of(hit("b", 5), hit("a", 1));
    // equal weights: a tie broken by first appearance; keyword weighted up: b first
    assertThat(Rrf.fuse(60, List.of(vector, keyword)))
        .extracting(h -> h.chunkId())
        .first()
        .isEqualTo(hit("a", 0).chunkId());
    assertThat(Rrf.fuse(60, new double[] {1.0, 1.5}, List.of(vector, keyword)))
        .extracting(h -> h.chunkId())
        .first()
        .isEqualTo(hit("b", 0).chunkId());
  }

  @Test
  void should_keep_a_standout_keyword_match_first_in_convex_fusion() {
    // vector scores are flat, the keyword list has one clear winner: weighted 0.7, it leads
    // (a: 0.3 * 1 + 0.7 * 0.0588 = 0.341; c: 0.3 * 0 + 0.7 * 1 = 0.7)
    List<SearchHit> vector = List.of(hit("a", 0.52), hit("b", 0.51), hit("c", 0.50));
    List<SearchHit> keyword = List.of(hit("c", 0.9), hit("a", 0.1), hit("b", 0.05));
    List<SearchHit> fused = Rrf.convex(0.3, vector, keyword);
    assertThat(fused.get(0).chunkId()).isEqualTo(hit("c", 0).chunkId());
    assertThat(fused.get(0).score()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    // alpha 1 is the vector ranking, alpha 0 the keyword ranking
    assertThat(Rrf.convex(1.0, vector, keyword))
        .extracting(h -> h.chunkId())
        .first()
        .isEqualTo(hit("a", 0).chunkId());
    assertThat(Rrf.convex(0.0, vector, keyword))
        .extracting(h -> h.chunkId())
        .first()
        .isEqualTo(hit("c", 0).chunkId());
  }
}
