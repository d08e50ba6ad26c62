package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.TributaryConfig;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.store.Generations;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A generation build reads on from its last batch: the work of finding what is missing grows with
 * the chunks, not with their square, and chunks written behind the cursor during the build still
 * get their vectors.
 */
class GenerationBuildPagingTest {

  static final int CHUNKS = 2_000;
  static final int BATCH = 50;

  @Test
  void aBuildVisitsEachChunkAFewTimesAndMissesNoneWrittenMeanwhile() {
    FakeStore store = new FakeStore();
    for (int i = 0; i < CHUNKS; i++) {
      store.chunks.put(UUID.randomUUID(), "text " + i);
    }
    GenerationService service = new GenerationService(store, null, config(BATCH));
    EmbeddingGeneration g = generation(2);
    // A chunk is written in the middle of the build, sorting before every id the build has passed.
    store.afterBatches = 10;
    store.lateChunk = new UUID(0, 1);

    long done = service.catchUp(g, new ConstantEmbedder());

    assertThat(store.vectors).containsExactlyInAnyOrderElementsOf(store.chunks.keySet());
    assertThat(done).isEqualTo(CHUNKS + 1);
    // Each pass walks the chunks once; paging from the first chunk every batch would walk
    // CHUNKS * CHUNKS / BATCH / 2 = 40,000 rows here.
    assertThat(store.rowsWalked).isLessThan(3L * CHUNKS);
  }

  static TributaryConfig config(int batch) {
    TributaryConfig.Generations generations =
        new TributaryConfig.Generations() {
          @Override
          public Duration gracePeriod() {
            return Duration.ofDays(7);
          }

          @Override
          public String catchUpEvery() {
            return "10s";
          }

          @Override
          public int buildBatch() {
            return batch;
          }
        };
    return (TributaryConfig)
        Proxy.newProxyInstance(
            TributaryConfig.class.getClassLoader(),
            new Class<?>[] {TributaryConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("generations")) {
                return generations;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  static EmbeddingGeneration generation(int id) {
    return new EmbeddingGeneration(
        id,
        "test-model",
        2,
        EmbeddingGeneration.State.BUILDING,
        Instant.now(),
        null,
        null,
        null,
        null,
        0,
        0,
        null);
  }

  static final class ConstantEmbedder implements Embedder {
    @Override
    public List<float[]> embed(List<String> texts) {
      return texts.stream().map(t -> new float[] {1, 0}).toList();
    }

    @Override
    public String modelId() {
      return "test-model";
    }

    @Override
    public int dimension() {
      return 2;
    }
  }

  /** Chunks in id order, like the primary key; counts the rows a query walks, like a scan would. */
  static final class FakeStore implements Generations {
    final TreeMap<UUID, String> chunks = new TreeMap<>();
    final Set<UUID> vectors = new HashSet<>();
    long rowsWalked;
    int batches;
    int afterBatches = -1;
    UUID lateChunk;

    @Override
    public List<Missing> missing(EmbeddingGeneration generation, UUID after, int limit) {
      if (batches++ == afterBatches) {
        chunks.put(lateChunk, "written during the build");
      }
      Map<UUID, String> from = after == null ? chunks : chunks.tailMap(after, false);
      List<Missing> out = new ArrayList<>();
      for (var e : from.entrySet()) {
        rowsWalked++;
        if (!vectors.contains(e.getKey())) {
          out.add(new Missing(e.getKey(), e.getValue()));
          if (out.size() == limit) {
            break;
          }
        }
      }
      return out;
    }

    @Override
    public int store(EmbeddingGeneration generation, List<UUID> chunkIds, List<float[]> v) {
      int stored = 0;
      for (UUID id : chunkIds) {
        if (chunks.containsKey(id) && vectors.add(id)) {
          stored++;
        }
      }
      return stored;
    }

    @Override
    public void count(int id, long reused, long computed) {}

    @Override
    public long countMissing(EmbeddingGeneration generation) {
      return chunks.size() - vectors.size();
    }

    @Override
    public Optional<EmbeddingGeneration> serving() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<EmbeddingGeneration> get(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<EmbeddingGeneration> list() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<EmbeddingGeneration> liveOf(String modelId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EmbeddingGeneration bootstrap(String modelId, int dimension) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EmbeddingGeneration create(String modelId, int dimension) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void markReady(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void markFailed(int id, String error) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EmbeddingGeneration activate(int id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<EmbeddingGeneration> expired(Duration grace) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void drop(int id) {
      throw new UnsupportedOperationException();
    }
  }
}
