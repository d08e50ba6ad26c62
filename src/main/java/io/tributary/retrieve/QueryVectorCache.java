package io.tributary.retrieve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.config.TributaryConfig;
import io.tributary.embed.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vectors of recent search queries, so a repeated query is not embedded again: at 100k chunks
 * the query's embedding is most of a vector search's time. Keyed by (generation id, model id,
 * redacted query text): a generation switch or another model never serves a stale vector. At most
 * {@code tributary.search.query-cache-size} entries, least recently used evicted first; 0 turns the
 * cache off.
 *
 * <p>Thread-safe. The model is called outside the lock, so two concurrent misses of one query may
 * both embed it (the second result replaces the first; both are the same vector). Vectors handed
 * out are copies: a caller mutating one never changes the cached vector. Published to Micrometer as
 * {@code tributary.search.query.vectors{result=hit|miss}} and the gauge {@code
 * tributary.search.query.vectors.cached}.
 */
@ApplicationScoped
public class QueryVectorCache {

  /** What identifies a query vector. */
  record Key(int generation, String modelId, String text) {
    Key {
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(text, "text");
    }
  }

  private final int capacity;
  private final Map<Key, float[]> vectors;
  private final Counter hits;
  private final Counter misses;

  @Inject
  public QueryVectorCache(TributaryConfig config, MeterRegistry registry) {
    this(config.search().queryCacheSize(), registry);
  }

  QueryVectorCache(int capacity, MeterRegistry registry) {
    if (capacity < 0) {
      throw new IllegalArgumentException("query cache size must be >= 0, was " + capacity);
    }
    this.capacity = capacity;
    this.vectors =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
            return size() > QueryVectorCache.this.capacity;
          }
        };
    this.hits = registry.counter("tributary.search.query.vectors", "result", "hit");
    this.misses = registry.counter("tributary.search.query.vectors", "result", "miss");
    Gauge.builder("tributary.search.query.vectors.cached", this, QueryVectorCache::size)
        .register(registry);
  }

  /**
   * The vector of {@code query} (already redacted) for the generation's model: from the cache, or
   * embedded by {@code embedder} and cached.
   */
  public float[] vector(int generation, Embedder embedder, String query) {
    Key key = new Key(generation, embedder.modelId(), query);
    if (capacity > 0) {
      float[] known;
      synchronized (vectors) {
        known = vectors.get(key);
      }
      if (known != null) {
        hits.increment();
        return known.clone();
      }
    }
    misses.increment();
    float[] fresh = embedder.embedQueries(List.of(query)).get(0);
    if (capacity > 0) {
      synchronized (vectors) {
        vectors.put(key, fresh.clone());
      }
    }
    return fresh;
  }

  /** Cached vectors now. */
  public int size() {
    synchronized (vectors) {
      return vectors.size();
    }
  }

  /** Queries answered from the cache since start. */
  public long hits() {
    return (long) hits.count();
  }

  /** Queries embedded since start. */
  public long misses() {
    return (long) misses.count();
  }
}
