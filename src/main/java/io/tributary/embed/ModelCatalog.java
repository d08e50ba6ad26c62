package io.tributary.embed;

import io.tributary.config.TributaryConfig;
import io.tributary.store.EmbeddingCache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedders by model id: the configured one, and any in-process model a generation needs
 * (loaded on first use, kept until shutdown). Remote models other than the configured one are not
 * reachable: their endpoint and key are configured for one model only.
 */
@ApplicationScoped
public class ModelCatalog {

  private final Embedder configured;
  private final EmbeddingCache cache;
  private final TributaryConfig.Embedding config;
  private final Map<String, CachingEmbedder> loaded = new ConcurrentHashMap<>();
  private final Map<String, dev.langchain4j.model.embedding.EmbeddingModel> models =
      new ConcurrentHashMap<>();

  public ModelCatalog(Embedder configured, EmbeddingCache cache, TributaryConfig config) {
    this.configured = configured;
    this.cache = cache;
    this.config = config.embedding();
  }

  /** The configured model's embedder: what the ingest pipeline writes with. */
  public Embedder configured() {
    return configured;
  }

  /**
   * The embedder of a model, by id ({@code in-process/bge-small-en-v1.5-q}) or in-process name.
   *
   * @throws IllegalArgumentException neither the configured model nor an in-process one
   */
  public Embedder embedder(String model) {
    if (model.equals(configured.modelId())) {
      return configured;
    }
    InProcessModel m =
        InProcessModel.named(model)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown model "
                            + model
                            + ": the configured one ("
                            + configured.modelId()
                            + ") or an in-process model ("
                            + java.util.Arrays.stream(InProcessModel.values())
                                .map(InProcessModel::wireName)
                                .toList()
                            + ")"));
    if (m.modelId().equals(configured.modelId())) {
      return configured;
    }
    return loaded.computeIfAbsent(
        m.modelId(),
        id -> {
          dev.langchain4j.model.embedding.EmbeddingModel model2 =
              m.create(config.engine(), config.onnxBatchSize());
          models.put(id, model2);
          return new CachingEmbedder(
              new LangChainEmbedder(
                  model2,
                  id,
                  m.dimension(),
                  Math.max(EmbeddingProducer.ONNX_CALL, config.batchSize()),
                  config.maxAttempts(),
                  LangChainEmbedder.DEFAULT_RETRY,
                  n -> {},
                  m.queryPrefix()),
              cache);
        });
  }

  /** The model id a name resolves to, without loading it. */
  public String modelId(String model) {
    if (model.equals(configured.modelId())) {
      return model;
    }
    return InProcessModel.named(model).map(InProcessModel::modelId).orElse(model);
  }

  @PreDestroy
  void close() throws Exception {
    for (var m : models.values()) {
      if (m instanceof AutoCloseable c) {
        c.close();
      }
    }
  }
}
