package io.tributary.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryVectorCacheTest {

  /** Embeds a query as (its length, calls so far): a second embedding of a text differs. */
  static final class CountingEmbedder implements Embedder {
    final String modelId;
    final List<String> embedded = new ArrayList<>();

    CountingEmbedder(String modelId) {
      this.modelId = modelId;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      throw new AssertionError("search embeds queries, never passages");
    }

    @Override
    public synchronized List<float[]> embedQueries(List<String> queries) {
      List<float[]> out = new ArrayList<>();
      for (String q : queries) {
        embedded.add(q);
        out.add(new float[] {q.length(), embedded.size()});
      }
      return out;
    }

    @Override
    public String modelId() {
      return modelId;
    }

    @Override
    public int dimension() {
      return 2;
    }
  }

  @Test
  void should_not_reembed_a_repeated_query() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryVectorCache cache = new QueryVectorCache(8, registry);
    CountingEmbedder model = new CountingEmbedder("m1");

    float[] first = cache.vector(1, model, "refund for order");
    float[] again = cache.vector(1, model, "refund for order");

    assertThat(model.embedded).containsExactly("refund for order");
    assertThat(again).containsExactly(first);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(
            registry.get("tributary.search.query.vectors").tag("result", "hit").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("tributary.search.query.vectors.cached").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void should_embed_again_for_another_generation_or_model() {
    QueryVectorCache cache = new QueryVectorCache(8, new SimpleMeterRegistry());
    CountingEmbedder m1 = new CountingEmbedder("m1");
    CountingEmbedder m2 = new CountingEmbedder("m2");

    cache.vector(1, m1, "q");
    cache.vector(2, m1, "q");
    cache.vector(2, m2, "q");
    cache.vector(2, m2, "q");

    assertThat(m1.embedded).hasSize(2);
    assertThat(m2.embedded).hasSize(1);
    assertThat(cache.misses()).isEqualTo(3);
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void should_evict_the_least_recently_used_query_when_full() {
    QueryVectorCache cache = new QueryVectorCache(2, new SimpleMeterRegistry());
    CountingEmbedder model = new CountingEmbedder("m1");

    cache.vector(1, model, "a");
    cache.vector(1, model, "b");
    cache.vector(1, model, "a"); // a is now more recent than b
    cache.vector(1, model, "c"); // evicts b
    cache.vector(1, model, "a"); // still cached
    cache.vector(1, model, "b"); // embedded again

    assertThat(model.embedded).containsExactly("a", "b", "c", "b");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void should_hand_out_copies_that_cannot_change_the_cache() {
    QueryVectorCache cache = new QueryVectorCache(4, new SimpleMeterRegistry());
    CountingEmbedder model = new CountingEmbedder("m1");

    float[] v = cache.vector(1, model, "abc");
    v[0] = -42f;

    assertThat(cache.vector(1, model, "abc")[0]).isEqualTo(3f);
  }

  @Test
  void should_embed_every_time_when_the_size_is_zero() {
    QueryVectorCache cache = new QueryVectorCache(0, new SimpleMeterRegistry());
    CountingEmbedder model = new CountingEmbedder("m1");

    cache.vector(1, model, "q");
    cache.vector(1, model, "q");

    assertThat(model.embedded).hasSize(2);
    assertThat(cache.size()).isZero();
    assertThat(cache.hits()).isZero();
  }

  @Test
  void should_refuse_a_negative_size() {
    assertThatThrownBy(() -> new QueryVectorCache(-1, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
