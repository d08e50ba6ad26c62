package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.tributary.embed.OnnxBatchEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Texts per second of the in-process models as the service runs them (all-MiniLM-L6-v2 int8 on the
 * {@code onnx} engine, one text per run, a run per core; bge-small-en-v1.5 int8 on LangChain4j's
 * engine), on the same texts in one run: the first N documents of a BEIR corpus ({@code
 * corpus.jsonl}). Rounds alternate the models (A B A B ...) so that a machine whose load changes
 * meanwhile changes both alike; the median round counts. A warm-up call precedes them.
 *
 * <p>Usage: {@code ModelSpeed <corpus.jsonl> [texts] [rounds]}; defaults 200 texts, 3 rounds.
 */
public final class ModelSpeed {

  private ModelSpeed() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    ObjectMapper json = new ObjectMapper();
    List<TextSegment> texts = new ArrayList<>();
    for (String line : Files.readAllLines(corpus)) {
      if (texts.size() == n) {
        break;
      }
      if (!line.isBlank()) {
        String text = json.readTree(line).path("text").asText("").strip();
        if (!text.isEmpty()) {
          texts.add(TextSegment.from(text));
        }
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, EmbeddingModel> models = new LinkedHashMap<>();
    models.put(
        "all-minilm-l6-v2-q",
        new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.QUANTIZED, 1, 1, cores));
    models.put("bge-small-en-v1.5-q", new BgeSmallEnV15QuantizedEmbeddingModel());
    for (EmbeddingModel m : models.values()) {
      m.embedAll(texts.subList(0, Math.min(8, texts.size()))); // warm-up
    }
    Map<String, double[]> rates = new LinkedHashMap<>();
    models.keySet().forEach(k -> rates.put(k, new double[rounds]));
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, EmbeddingModel> e : models.entrySet()) {
        long t0 = System.nanoTime();
        e.getValue().embedAll(texts);
        rates.get(e.getKey())[r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
      }
    }
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
    System.out.printf(
        Locale.ROOT,
        "| model | texts/s (median of %d rounds, %d texts of %s, %d cores, load %s) | ÷ first |%n",
        rounds,
        texts.size(),
        corpus.getParent().getFileName(),
        cores,
        load);
    System.out.println("|---|---:|---:|");
    double first = -1;
    for (Map.Entry<String, double[]> e : rates.entrySet()) {
      double[] v = e.getValue().clone();
      Arrays.sort(v);
      double median = v[v.length / 2];
      if (first < 0) {
        first = median;
      }
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f |%n", e.getKey(), median, median / first);
    }
  }
}
