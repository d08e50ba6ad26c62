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

  static List<SearchHit> ranked(String prefix, int n) {
    List<SearchHit> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(hit(prefix + i, 1.0 - i * 0.01));
    }
    return out;
  }

  @Test
  void should_measure_agreement_as_the_share_of_the_vector_head_in_the_keyword_head() {
    List<SearchHit> vector = ranked("v", 12);
    List<SearchHit> keyword = new java.util.ArrayList<>(ranked("k", 12));
    assertThat(Rrf.agreement(vector, keyword)).isZero();
    // v0..v2 in the keyword head, v10 (outside the vector head) and v4 (outside the keyword
    // head, at rank 11) do not count
    keyword.set(0, vector.get(2));
    keyword.set(3, vector.get(0));
    keyword.set(9, vector.get(1));
    keyword.set(5, vector.get(10));
    keyword.set(11, vector.get(4));
    assertThat(Rrf.agreement(vector, keyword)).isCloseTo(0.3, within(1e-12));
    assertThat(Rrf.agreement(vector, vector)).isEqualTo(1.0);
    assertThat(Rrf.agreement(vector, List.of())).isZero();
    // short lists: the share is still of 10, so three shared chunks of three are 0.3
    assertThat(Rrf.agreement(vector.subList(0, 3), vector.subList(0, 3)))
        .isCloseTo(0.3, within(1e-12));
  }

  @Test
  void should_raise_the_vector_weight_with_agreement_and_clamp_it() {
    List<SearchHit> vector = ranked("v", 10);
    List<SearchHit> keyword = new java.util.ArrayList<>(ranked("k", 10));
    keyword.set(0, vector.get(0));
    keyword.set(1, vector.get(1));
    assertThat(Rrf.vectorWeight(0.3, 0.5, vector, keyword)).isCloseTo(0.4, within(1e-12));
    assertThat(Rrf.vectorWeight(0.3, 0.5, vector, ranked("k", 10))).isCloseTo(0.3, within(1e-12));
    assertThat(Rrf.vectorWeight(0.8, 0.5, vector, vector)).isEqualTo(1.0);
    assertThat(Rrf.vectorWeight(0.2, -0.5, vector, vector)).isEqualTo(0.0);
  }

  @Test
  void should_order_a_shared_head_by_cosine_when_the_lists_agree() {
    // both lists hold a and b at the top, in opposite orders; b is a clear keyword winner,
    // a a slight cosine one (b wins below vector weight 0.714)
    List<SearchHit> vector =
        List.of(hit("a", 0.90), hit("b", 0.85), hit("c", 0.50), hit("d", 0.40));
    List<SearchHit> keyword = List.of(hit("b", 0.9), hit("a", 0.7), hit("d", 0.2), hit("c", 0.1));
    // all four chunks shared: agreement 4 of 10
    double agreed = Rrf.vectorWeight(0.3, 1.25, vector, keyword);
    assertThat(agreed).isCloseTo(0.8, within(1e-12));
    // keyword-heavy without agreement: b first; raised by the agreement: a first
    assertThat(Rrf.convex(0.3, vector, keyword).get(0).chunkId()).isEqualTo(hit("b", 0).chunkId());
    assertThat(Rrf.convex(agreed, vector, keyword).get(0).chunkId())
        .isEqualTo(hit("a", 0).chunkId());
  }
}
