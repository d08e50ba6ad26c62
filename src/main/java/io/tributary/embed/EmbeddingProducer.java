package io.tributary.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.tributary.config.TributaryConfig;
import io.tributary.pipeline.TokenCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Produces the {@link EmbeddingModel} chosen by {@code tributary.embedding.provider}, the {@link
 * Embedder} over it and the {@link TokenCounter} chunking uses. Tests replace the model with an
 * alternative bean.
 */
@ApplicationScoped
public class EmbeddingProducer {

  private static final Logger LOG = Logger.getLogger(EmbeddingProducer.class);

  /**
   * Texts per call of the ONNX engine: a large call keeps one run per core busy and, when batched,
   * sorts more texts by length so that batches pad less.
   */
  static final int ONNX_CALL = 512;

  @Produces
  @ApplicationScoped
  @DefaultBean
  EmbeddingModel embeddingModel(TributaryConfig config) {
    TributaryConfig.Embedding e = config.embedding();
    Duration timeout = Duration.ofSeconds(e.timeoutSeconds());
    return switch (e.provider().toLowerCase(Locale.ROOT)) {
      case "in-process" -> inProcess(e);
      case "openai" ->
          OpenAiEmbeddingModel.builder()
              .baseUrl(e.baseUrl().orElse(null))
              .apiKey(
                  e.apiKey().orElseThrow(() -> missing("api-key (TRIBUTARY_EMBEDDING_API_KEY)")))
              .modelName(e.modelName().orElseThrow(() -> missing("model-name")))
              .dimensions(e.dimension())
              .timeout(timeout)
              .maxRetries(0)
              .build();
      case "ollama" ->
          OllamaEmbeddingModel.builder()
              .baseUrl(e.baseUrl().orElseThrow(() -> missing("base-url")))
              .modelName(e.modelName().orElseThrow(() -> missing("model-name")))
              .timeout(timeout)
              .maxRetries(0)
              .build();
      default ->
          throw new IllegalArgumentException(
              "tributary.embedding.provider must be in-process, openai or ollama, was "
                  + e.provider());
    };
  }

  private static EmbeddingModel inProcess(TributaryConfig.Embedding e) {
    InProcessModel m = configuredInProcess(e);
    LOG.infof(
        "in-process %s, engine %s, onnx batch size %d",
        m.wireName(), e.engine(), e.onnxBatchSize());
    return m.create(e.engine(), e.onnxBatchSize());
  }

  /** The in-process model {@code tributary.embedding.model} (or {@code quantized}) names. */
  static InProcessModel configuredInProcess(TributaryConfig.Embedding e) {
    return e.model()
        .map(
            name ->
                InProcessModel.named(name)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "tributary.embedding.model must be one of "
                                    + java.util.Arrays.stream(InProcessModel.values())
                                        .map(InProcessModel::wireName)
                                        .toList()
                                    + ", was "
                                    + name)))
        .orElse(
            e.quantized() ? InProcessModel.ALL_MINILM_L6_V2_Q : InProcessModel.ALL_MINILM_L6_V2);
  }

  void close(@Disposes EmbeddingModel model) throws Exception {
    if (model instanceof AutoCloseable c) {
      c.close();
    }
  }

  @Produces
  @ApplicationScoped
  Embedder embedder(
      EmbeddingModel model,
      TributaryConfig config,
      MeterRegistry registry,
      io.tributary.store.EmbeddingCache cache) {
    TributaryConfig.Embedding e = config.embedding();
    boolean inProcess = e.provider().equals(InProcessModel.PROVIDER);
    String name = inProcess ? configuredInProcess(e).wireName() : e.modelName().orElse("unknown");
    String queryPrefix = inProcess ? configuredInProcess(e).queryPrefix() : "";
    Counter texts = registry.counter("tributary.embedding.texts");
    int call =
        model instanceof OnnxBatchEmbeddingModel
            ? Math.max(ONNX_CALL, e.batchSize())
            : e.batchSize();
    LangChainEmbedder embedder =
        new LangChainEmbedder(
            model,
            e.provider() + "/" + name,
            e.dimension(),
            call,
            e.maxAttempts(),
            LangChainEmbedder.DEFAULT_RETRY,
            texts::increment,
            queryPrefix);
    return e.cache() ? new CachingEmbedder(embedder, cache) : embedder;
  }

  @Produces
  @ApplicationScoped
  TokenCounter tokenCounter(TributaryConfig config) {
    if (config.chunk().maxTokens() > config.embedding().maxInputTokens()) {
      throw new IllegalArgumentException(
          "tributary.chunk.max-tokens ("
              + config.chunk().maxTokens()
              + ") exceeds what the embedding model reads (tributary.embedding.max-input-tokens = "
              + config.embedding().maxInputTokens()
              + "): the tail of each chunk would be silently ignored");
    }
    return new BertTokenCounter();
  }

  void close(@Disposes TokenCounter counter) throws Exception {
    if (counter instanceof AutoCloseable c) {
      c.close();
    }
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(
        "tributary.embedding." + key + " is required for this provider");
  }
}
