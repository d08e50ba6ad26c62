package io.tributary.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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

  static final String IN_PROCESS_MODEL = "all-minilm-l6-v2";
  static final String IN_PROCESS_QUANTIZED_MODEL = "all-minilm-l6-v2-q";

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
    LOG.infof(
        "in-process all-MiniLM-L6-v2%s, engine %s, onnx batch size %d",
        e.quantized() ? " (quantized)" : "", e.engine(), e.onnxBatchSize());
    return switch (e.engine().toLowerCase(Locale.ROOT)) {
      case "onnx" ->
          new OnnxBatchEmbeddingModel(
              e.quantized() ? OnnxBatchEmbeddingModel.QUANTIZED : OnnxBatchEmbeddingModel.FP32,
              e.onnxBatchSize(),
              1,
              Runtime.getRuntime().availableProcessors());
      case "langchain4j" ->
          e.quantized()
              ? new AllMiniLmL6V2QuantizedEmbeddingModel()
              : new AllMiniLmL6V2EmbeddingModel();
      default ->
          throw new IllegalArgumentException(
              "tributary.embedding.engine must be onnx or langchain4j, was " + e.engine());
    };
  }

  void close(@Disposes EmbeddingModel model) throws Exception {
    if (model instanceof AutoCloseable c) {
      c.close();
    }
  }

  @Produces
  @ApplicationScoped
  Embedder embedder(EmbeddingModel model, TributaryConfig config, MeterRegistry registry) {
    TributaryConfig.Embedding e = config.embedding();
    String name =
        !e.provider().equals("in-process")
            ? e.modelName().orElse("unknown")
            : e.quantized() ? IN_PROCESS_QUANTIZED_MODEL : IN_PROCESS_MODEL;
    Counter texts = registry.counter("tributary.embedding.texts");
    int call =
        model instanceof OnnxBatchEmbeddingModel
            ? Math.max(ONNX_CALL, e.batchSize())
            : e.batchSize();
    return new LangChainEmbedder(
        model,
        e.provider() + "/" + name,
        e.dimension(),
        call,
        e.maxAttempts(),
        LangChainEmbedder.DEFAULT_RETRY,
        texts::increment);
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
