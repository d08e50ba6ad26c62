package io.tributary.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.RetryPolicy;
import io.tributary.pipeline.StageName;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Embeds through a LangChain4j {@link EmbeddingModel} in batches. Retriable failures (LangChain4j's
 * {@code RetriableException}: timeouts, 429, 5xx; I/O errors) are retried by a {@link RetryPolicy}
 * (exponential backoff, full jitter) until the attempts are used up or its deadline passes; then
 * they surface as {@link RetriableException} so the caller can pause its source.
 */
public final class LangChainEmbedder implements Embedder {

  private static final Logger LOG = Logger.getLogger(LangChainEmbedder.class);

  /** 0.4 s, 0.8 s, 1.6 s ... up to 5 s, full jitter, for at most 30 s per batch. */
  public static final RetryPolicy DEFAULT_RETRY =
      new RetryPolicy(Duration.ofMillis(400), Duration.ofSeconds(5), 2, 1, Duration.ofSeconds(30));

  private final EmbeddingModel model;
  private final String modelId;
  private final int dimension;
  private final int batchSize;
  private final int maxAttempts;
  private final RetryPolicy retry;
  private final LongConsumer embeddedTexts;
  private final String queryPrefix;

  public LangChainEmbedder(
      EmbeddingModel model, String modelId, int dimension, int batchSize, int maxAttempts) {
    this(model, modelId, dimension, batchSize, maxAttempts, DEFAULT_RETRY, n -> {});
  }

  /**
   * @param embeddedTexts told how many texts each successful model call embedded (for metrics)
   */
  public LangChainEmbedder(
      EmbeddingModel model,
      String modelId,
      int dimension,
      int batchSize,
      int maxAttempts,
      RetryPolicy retry,
      LongConsumer embeddedTexts) {
    this(model, modelId, dimension, batchSize, maxAttempts, retry, embeddedTexts, "");
  }

  /**
   * @param queryPrefix put before each search query (BGE's retrieval instruction), or empty
   */
  public LangChainEmbedder(
      EmbeddingModel model,
      String modelId,
      int dimension,
      int batchSize,
      int maxAttempts,
      RetryPolicy retry,
      LongConsumer embeddedTexts,
      String queryPrefix) {
    if (batchSize < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("batch size and attempts must be >= 1");
    }
    this.model = model;
    this.modelId = modelId;
    this.dimension = dimension;
    this.batchSize = batchSize;
    this.maxAttempts = maxAttempts;
    this.retry = retry;
    this.embeddedTexts = embeddedTexts;
    this.queryPrefix = queryPrefix;
  }

  @Override
  public List<float[]> embedQueries(List<String> queries) {
    return queryPrefix.isEmpty()
        ? embed(queries)
        : embed(queries.stream().map(q -> queryPrefix + q).toList());
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    // A text repeated within one call (boilerplate chunks of similar records) is embedded once.
    Map<String, Integer> slots = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    int[] slot = new int[texts.size()];
    for (int i = 0; i < slot.length; i++) {
      slot[i] =
          slots.computeIfAbsent(
              texts.get(i),
              t -> {
                distinct.add(t);
                return distinct.size() - 1;
              });
    }
    List<float[]> vectors = new ArrayList<>(distinct.size());
    for (int from = 0; from < distinct.size(); from += batchSize) {
      List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + batchSize));
      vectors.addAll(embedWithRetry(batch));
    }
    if (distinct.size() == texts.size()) {
      return vectors;
    }
    boolean[] handedOut = new boolean[distinct.size()];
    List<float[]> out = new ArrayList<>(texts.size());
    for (int s : slot) {
      out.add(handedOut[s] ? vectors.get(s).clone() : vectors.get(s));
      handedOut[s] = true;
    }
    return out;
  }

  private List<float[]> embedWithRetry(List<String> batch) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return embedOnce(batch);
      } catch (dev.langchain4j.exception.RetriableException | UncheckedIOException e) {
        if (attempt >= maxAttempts || retry.expired(start)) {
          throw new RetriableException(
              StageName.EMBED,
              "embedding failed after " + attempt + " attempts: " + e.getClass().getSimpleName(),
              e);
        }
        long backoff = retry.delay(attempt, start).toMillis();
        LOG.warnf(
            "embedding attempt %d of %d failed (%s); retrying in %d ms",
            attempt, maxAttempts, e.getClass().getSimpleName(), backoff);
        sleep(backoff);
      } catch (AuthenticationException | ModelNotFoundException e) {
        throw new FatalPipelineException(
            StageName.EMBED, "embedding model unusable: " + e.getClass().getSimpleName(), e);
      } catch (NonRetriableException e) {
        throw new PoisonRecordException(
            StageName.EMBED,
            "embedding model refused the input: " + e.getClass().getSimpleName(),
            e);
      }
    }
  }

  private List<float[]> embedOnce(List<String> batch) {
    List<TextSegment> segments = batch.stream().map(TextSegment::from).toList();
    List<Embedding> embeddings = model.embedAll(segments).content();
    if (embeddings.size() != batch.size()) {
      throw new FatalPipelineException(
          StageName.EMBED,
          "model returned " + embeddings.size() + " vectors for " + batch.size() + " texts",
          null);
    }
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      if (e.dimension() != dimension) {
        throw new FatalPipelineException(
            StageName.EMBED,
            "the embedding model returns vectors of dimension "
                + e.dimension()
                + ", but tributary.embedding.dimension is "
                + dimension
                + ": set it to the model's dimension (a new dimension needs a new column and a"
                + " reindex)",
            null);
      }
      out.add(e.vector());
    }
    embeddedTexts.accept(out.size());
    return out;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException(StageName.EMBED, "interrupted while backing off", e);
    }
  }
}
