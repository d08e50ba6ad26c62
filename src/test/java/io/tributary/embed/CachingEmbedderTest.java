package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.store.EmbeddingCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

  /** A model that returns the text's length as a one-dimensional vector and records its calls. */
  static final class LengthModel implements Embedder {
    final List<String> embedded = new ArrayList<>();

    @Override
    public List<float[]> embed(List<String> texts) {
      embedded.addAll(texts);
      return texts.stream().map(t -> new float[] {t.length()}).toList();
    }

    @Override
    public String modelId() {
      return "test/length";
    }

    @Override
    public int dimension() {
      return 1;
    }
  }

  static final class MapCache implements EmbeddingCache {
    final Map<String, float[]> entries = new HashMap<>();

    @Override
    public Map<String, float[]> get(String modelId, List<String> textSha256) {
      Map<String, float[]> out = new HashMap<>();
      textSha256.forEach(
          h -> {
            if (entries.containsKey(modelId + h)) {
              out.put(h, entries.get(modelId + h));
            }
          });
      return out;
    }

    @Override
    public void put(String modelId, Map<String, float[]> vectors) {
      vectors.forEach((h, v) -> entries.putIfAbsent(modelId + h, v));
    }

    @Override
    public long evictUnused() {
      return 0;
    }
  }

  @Test
  void should_count_every_vector_as_reused_or_computed_when_a_call_repeats_a_text() {
    LengthModel model = new LengthModel();
    CachingEmbedder embedder = new CachingEmbedder(model, new MapCache());

    CachingEmbedder.Counted first = embedder.embedCounted(List.of("a", "bb", "a", "a"));
    assertThat(model.embedded).containsExactly("a", "bb");
    assertThat(first.computed()).isEqualTo(2);
    assertThat(first.reused()).isEqualTo(2);
    assertThat(first.vectors()).extracting(v -> v[0]).containsExactly(1f, 2f, 1f, 1f);

    CachingEmbedder.Counted second = embedder.embedCounted(List.of("bb", "ccc"));
    assertThat(model.embedded).containsExactly("a", "bb", "ccc");
    assertThat(second.reused()).isEqualTo(1);
    assertThat(second.computed()).isEqualTo(1);
    assertThat(embedder.reused() + embedder.computed()).isEqualTo(6);
  }
}
