package io.tributary.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.tributary.chunk.SentenceChunker;
import io.tributary.embed.BertTokenCounter;
import io.tributary.embed.OnnxBatchEmbeddingModel;
import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Speed of the embedding stage alone, on the chunk texts of rendered support tickets (each row's
 * fields as {@code name: value} lines, cut by the service's chunker at 120 word pieces), every
 * engine in one run: LangChain4j's all-MiniLM-L6-v2 fp32 (the ceiling the issue measures against),
 * the batched ONNX engine at several batch sizes, thread layouts and call sizes, and the quantized
 * model in both engines. Prints texts/s, word pieces/s and the ratio to the LangChain4j fp32 figure
 * of the same run; a warm-up call precedes each measurement.
 *
 * <p>Usage: {@code EmbeddingSpeed [support-tickets.csv] [texts]}; defaults {@code
 * ../shared/corpora/records/support-tickets/customer_support_tickets.csv}, 512 texts.
 */
public final class EmbeddingSpeed {

  private EmbeddingSpeed() {}

  public static void main(String[] args) throws IOException {
    Path csv =
        Path.of(
            args.length > 0
                ? args[0]
                : "../shared/corpora/records/support-tickets/customer_support_tickets.csv");
    int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    if (!Files.isRegularFile(csv)) {
      System.out.println("no CSV at " + csv + ": nothing to measure");
      return;
    }
    List<String> texts;
    try (BertTokenCounter tokens = new BertTokenCounter()) {
      texts = chunkTexts(csv, tokens, wanted);
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    int cores = Runtime.getRuntime().availableProcessors();
    long pieces;
    try (OnnxBatchEmbeddingModel counter =
        new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.FP32, 32, cores, 1)) {
      pieces =
          counter.embedAll(segments).tokenUsage().inputTokenCount(); // the pieces the model reads
    }
    System.out.printf(
        Locale.ROOT,
        "%d chunk texts of rendered support tickets, %d distinct, %.1f word pieces each (model"
            + " reads <= 126); %d cores; best of %d interleaved rounds%n",
        texts.size(),
        new HashSet<>(texts).size(),
        (double) pieces / texts.size(),
        cores,
        ROUNDS);

    List<Engine> engines = new ArrayList<>();
    engines.add(
        new Engine(
            "langchain4j fp32 (one ONNX run per text, pool of " + cores + ")",
            new AllMiniLmL6V2EmbeddingModel(),
            32));
    // The service's fp32 setting: batch 1, one intra-op thread per run, one run per core, calls of
    // 512.
    engines.add(batched(OnnxBatchEmbeddingModel.FP32, "fp32", 1, 1, cores, 512));
    for (int batch : new int[] {8, 32, 64}) {
      engines.add(batched(OnnxBatchEmbeddingModel.FP32, "fp32", batch, 1, cores, 512));
    }
    engines.add(batched(OnnxBatchEmbeddingModel.FP32, "fp32", 32, cores, 1, 512));
    engines.add(batched(OnnxBatchEmbeddingModel.FP32, "fp32", 32, 1, cores, 32));
    engines.add(new Engine("langchain4j q (int8)", new AllMiniLmL6V2QuantizedEmbeddingModel(), 32));
    // The service's default: the int8 model, one text per run, one run per core.
    engines.add(batched(OnnxBatchEmbeddingModel.QUANTIZED, "q", 1, 1, cores, 512));

    double[] best = new double[engines.size()];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < engines.size(); i++) {
        best[i] = Math.max(best[i], engines.get(i).textsPerSecond(segments));
      }
    }
    System.out.printf(
        Locale.ROOT, "%-66s %8s %9s %9s%n", "engine", "texts/s", "pieces/s", "x ceiling");
    for (int i = 0; i < engines.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "%-66s %8.1f %9.0f %9.2f%n",
          engines.get(i).name(),
          best[i],
          best[i] * pieces / texts.size(),
          best[i] / best[0]);
    }
    for (Engine e : engines) {
      if (e.model() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the run is over
        }
      }
    }
  }

  private static final int ROUNDS = 2;

  private static Engine batched(
      OnnxBatchEmbeddingModel.Files files,
      String variant,
      int batch,
      int intraOp,
      int parallel,
      int call) {
    return new Engine(
        String.format(
            Locale.ROOT,
            "onnx %s, batch %d, intra-op %d, %d parallel, calls of %d",
            variant,
            batch,
            intraOp,
            parallel,
            call),
        new OnnxBatchEmbeddingModel(files, batch, intraOp, parallel),
        call);
  }

  /** A model and the number of texts the pipeline hands it per call. */
  record Engine(String name, EmbeddingModel model, int call) {
    /** Embeds all segments in calls of {@link #call} texts after a warm-up call. */
    double textsPerSecond(List<TextSegment> segments) {
      model.embedAll(segments.subList(0, Math.min(call, segments.size())));
      long start = System.nanoTime();
      for (int from = 0; from < segments.size(); from += call) {
        model.embedAll(segments.subList(from, Math.min(segments.size(), from + call)));
      }
      return segments.size() / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Rendered tickets cut into chunks, as the service would, until {@code wanted} texts. */
  static List<String> chunkTexts(Path csv, BertTokenCounter tokens, int wanted) throws IOException {
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    SentenceChunker chunker = new SentenceChunker(tokens, 120, 16);
    List<String> texts = new ArrayList<>();
    for (int r = 1; r < rows.size() && texts.size() < wanted; r++) {
      StringBuilder rendered = new StringBuilder();
      List<String> row = rows.get(r);
      for (int c = 0; c < Math.min(header.size(), row.size()); c++) {
        if (!row.get(c).isBlank()) {
          rendered.append(header.get(c)).append(": ").append(row.get(c)).append('\n');
        }
      }
      for (Chunk chunk : chunker.chunk(new RecordKey("bench", row.get(0)), rendered.toString())) {
        if (texts.size() < wanted) {
          texts.add(chunk.text());
        }
      }
    }
    return texts;
  }
}
