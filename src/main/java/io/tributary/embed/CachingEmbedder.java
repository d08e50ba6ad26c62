package io.tributary.embed;

import io.tributary.model.Sha256;
import io.tributary.store.EmbeddingCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link Embedder} that asks its model only for texts the model has never embedded: vectors are
 * cached by (model id, SHA-256 of the text) in the database, so a reindex whose chunk texts did not
 * change, or a re-chunk that keeps most chunks, reuses them. Queries are not cached.
 *
 * <p>Thread-safe if the delegate is. Counts reused and computed vectors since start.
 */
public final class CachingEmbedder implements Embedder {

  /** Vectors of one call and where they came from. */
  public record Counted(List<float[]> vectors, int reused, int computed) {}

  private final Embedder delegate;
  private final EmbeddingCache cache;
  private final LongAdder reused = new LongAdder();
  private final LongAdder computed = new LongAdder();

  public CachingEmbedder(Embedder delegate, EmbeddingCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return embedCounted(texts).vectors();
  }

  /** Embeds like {@link #embed} and says how many vectors the cache had. */
  public Counted embedCounted(List<String> texts) {
    if (texts.isEmpty()) {
      return new Counted(List.of(), 0, 0);
    }
    List<String> hashes = texts.stream().map(Sha256::hex).toList();
    Map<String, float[]> known = cache.get(delegate.modelId(), hashes.stream().distinct().toList());
    Map<String, String> toEmbed = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      if (!known.containsKey(hashes.get(i))) {
        toEmbed.putIfAbsent(hashes.get(i), texts.get(i));
      }
    }
    Map<String, float[]> fresh = new LinkedHashMap<>();
    if (!toEmbed.isEmpty()) {
      List<String> keys = new ArrayList<>(toEmbed.keySet());
      List<float[]> vectors = delegate.embed(new ArrayList<>(toEmbed.values()));
      for (int i = 0; i < keys.size(); i++) {
        fresh.put(keys.get(i), vectors.get(i));
      }
      cache.put(delegate.modelId(), fresh);
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String h : hashes) {
      float[] v = known.get(h);
      out.add(v != null ? v.clone() : fresh.get(h).clone());
    }
    // Every vector handed out that the model did not compute now is reused: from the cache, or a
    // copy of one computed for the same text earlier in this call. So reused + computed = texts.
    int hits = texts.size() - fresh.size();
    reused.add(hits);
    computed.add(fresh.size());
    return new Counted(out, hits, fresh.size());
  }

  @Override
  public List<float[]> embedQueries(List<String> queries) {
    return delegate.embedQueries(queries);
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  /** Vectors taken from the cache since start. */
  @Override
  public long reused() {
    return reused.sum();
  }

  /** Vectors the model computed since start. */
  @Override
  public long computed() {
    return computed.sum();
  }
}
