package io.tributary.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedding models that run in process (no network), by the name {@code
 * tributary.embedding.model} and the model id ({@code in-process/<name>}) use.
 */
public enum InProcessModel {
  /** all-MiniLM-L6-v2, fp32: 6 layers, mean pooling, reads 128 word pieces. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, ""),
  /** all-MiniLM-L6-v2 quantized to int8: 2-3x faster, same quality on retrieval-dev. */
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, ""),
  /**
   * BAAI bge-small-en-v1.5 quantized to int8: 12 layers, CLS pooling, reads 512 word pieces; a
   * query is embedded after BGE's retrieval instruction, a passage without it.
   */
  BGE_SMALL_EN_V15_Q(
      "bge-small-en-v1.5-q", 384, "Represent this sentence for searching relevant passages: ");

  /** Prefix of the model ids of in-process models. */
  public static final String PROVIDER = "in-process";

  private final String wireName;
  private final int dimension;
  private final String queryPrefix;

  InProcessModel(String wireName, int dimension, String queryPrefix) {
    this.wireName = wireName;
    this.dimension = dimension;
    this.queryPrefix = queryPrefix;
  }

  public String wireName() {
    return wireName;
  }

  /** {@code in-process/<name>}, the id recorded in provenance and in a generation. */
  public String modelId() {
    return PROVIDER + "/" + wireName;
  }

  public int dimension() {
    return dimension;
  }

  public String queryPrefix() {
    return queryPrefix;
  }

  /** The model by its name ({@code bge-small-en-v1.5-q}) or id ({@code in-process/...}). */
  public static Optional<InProcessModel> named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith(PROVIDER + "/")) {
      n = n.substring(PROVIDER.length() + 1);
    }
    for (InProcessModel m : values()) {
      if (m.wireName.equals(n)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * A new instance of the model. all-MiniLM-L6-v2 runs on the batching {@code onnx} engine unless
   * {@code engine} is {@code langchain4j}; BGE always runs on LangChain4j's (CLS pooling).
   */
  EmbeddingModel create(String engine, int onnxBatchSize) {
    boolean onnx = engine.equalsIgnoreCase("onnx");
    if (!onnx && !engine.equalsIgnoreCase("langchain4j")) {
      throw new IllegalArgumentException(
          "tributary.embedding.engine must be onnx or langchain4j, was " + engine);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return switch (this) {
      case ALL_MINILM_L6_V2 ->
          onnx
              ? new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.FP32, onnxBatchSize, 1, cores)
              : new AllMiniLmL6V2EmbeddingModel();
      case ALL_MINILM_L6_V2_Q ->
          onnx
              ? new OnnxBatchEmbeddingModel(
                  OnnxBatchEmbeddingModel.QUANTIZED, onnxBatchSize, 1, cores)
              : new AllMiniLmL6V2QuantizedEmbeddingModel();
      case BGE_SMALL_EN_V15_Q -> new BgeSmallEnV15QuantizedEmbeddingModel();
    };
  }
}
