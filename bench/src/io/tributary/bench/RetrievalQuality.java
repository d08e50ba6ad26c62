package io.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Retrieval quality of all-MiniLM-L6-v2 fp32 against its int8-quantized variant, to decide whether
 * the quantized model may be the default (allowed when nDCG@10 drops by less than 1%). For each
 * corpus under the retrieval-dev directory ({@code corpus.jsonl}, {@code queries.jsonl}, {@code
 * qrels/dev.tsv}) every document is chunked as the service chunks (120 word pieces, 16 overlap),
 * every chunk embedded; a document scores the best cosine of its chunks (exact search in memory).
 * Prints nDCG@10 and recall@10 over the dev queries for both models, and the mean cosine between a
 * chunk's fp32 and quantized vectors.
 *
 * <p>Usage: {@code RetrievalQuality [retrieval-dev dir]}; default {@code
 * ../shared/corpora/retrieval-dev}.
 */
public final class RetrievalQuality {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RetrievalQuality() {}

  record Corpus(
      String name,
      List<String> docIds,
      List<List<String>> docChunks,
      Map<String, String> queries,
      Map<String, Map<String, Integer>> qrels) {}

  record Scores(double ndcg10, double recall10) {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/corpora/retrieval-dev");
    if (!Files.isDirectory(root)) {
      System.out.println("no retrieval-dev corpora at " + root + ": nothing to measure");
      return;
    }
    List<Corpus> corpora = new ArrayList<>();
    try (BertTokenCounter tokens = new BertTokenCounter();
        Stream<Path> dirs = Files.list(root)) {
      SentenceChunker chunker = new SentenceChunker(tokens, 120, 16);
      for (Path dir : dirs.sorted().toList()) {
        if (Files.isRegularFile(dir.resolve("corpus.jsonl"))
            && Files.isRegularFile(dir.resolve("qrels/dev.tsv"))) {
          corpora.add(load(dir, chunker));
        }
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    try (OnnxBatchEmbeddingModel fp32 =
            new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.FP32, 32, 1, cores);
        OnnxBatchEmbeddingModel q =
            new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.QUANTIZED, 32, 1, cores)) {
      System.out.printf(
          Locale.ROOT,
          "%-10s %6s %7s %8s | %-17s | %-17s | %8s %s%n",
          "corpus",
          "docs",
          "chunks",
          "queries",
          "fp32 nDCG/rec@10",
          "q nDCG/rec@10",
          "nDCG chg",
          "cos(fp32,q)");
      for (Corpus c : corpora) {
        List<String> chunks = c.docChunks().stream().flatMap(List::stream).toList();
        List<String> queryIds =
            c.qrels().keySet().stream().filter(c.queries()::containsKey).toList();
        List<String> queryTexts = queryIds.stream().map(c.queries()::get).toList();
        float[][] docsF = embed(fp32, chunks);
        float[][] docsQ = embed(q, chunks);
        Scores sf = evaluate(c, docsF, embed(fp32, queryTexts), queryIds);
        Scores sq = evaluate(c, docsQ, embed(q, queryTexts), queryIds);
        double agreement = 0;
        for (int i = 0; i < docsF.length; i++) {
          agreement += dot(docsF[i], docsQ[i]);
        }
        System.out.printf(
            Locale.ROOT,
            "%-10s %6d %7d %8d | %.4f / %.4f   | %.4f / %.4f   | %+7.2f%% %.4f%n",
            c.name(),
            c.docIds().size(),
            chunks.size(),
            queryIds.size(),
            sf.ndcg10(),
            sf.recall10(),
            sq.ndcg10(),
            sq.recall10(),
            100 * (sq.ndcg10() - sf.ndcg10()) / sf.ndcg10(),
            agreement / docsF.length);
      }
    }
  }

  static Corpus load(Path dir, SentenceChunker chunker) throws IOException {
    List<String> docIds = new ArrayList<>();
    List<List<String>> docChunks = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode doc = JSON.readTree(line);
      String text = doc.path("text").asText("");
      if (text.isBlank()) {
        text = doc.path("title").asText("");
      }
      String id = doc.path("_id").asText();
      List<String> chunks =
          chunker.chunk(new RecordKey(dir.getFileName().toString(), id), text).stream()
              .map(Chunk::text)
              .filter(t -> !t.isBlank())
              .toList();
      if (!chunks.isEmpty()) {
        docIds.add(id);
        docChunks.add(chunks);
      }
    }
    Map<String, String> queries = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        JsonNode qn = JSON.readTree(line);
        queries.put(qn.path("_id").asText(), qn.path("text").asText());
      }
    }
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    List<String> rows = Files.readAllLines(dir.resolve("qrels/dev.tsv"), StandardCharsets.UTF_8);
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t");
      if (f.length >= 3 && Integer.parseInt(f[2].trim()) > 0) {
        qrels.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], Integer.parseInt(f[2].trim()));
      }
    }
    return new Corpus(dir.getFileName().toString(), docIds, docChunks, queries, qrels);
  }

  static float[][] embed(OnnxBatchEmbeddingModel model, List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += 512) {
      List<TextSegment> call =
          texts.subList(from, Math.min(texts.size(), from + 512)).stream()
              .map(TextSegment::from)
              .toList();
      var vectors = model.embedAll(call).content();
      for (int i = 0; i < vectors.size(); i++) {
        out[from + i] = vectors.get(i).vector();
      }
    }
    return out;
  }

  /** nDCG@10 (gains from the qrels, log2 discount) and recall@10, averaged over the queries. */
  static Scores evaluate(
      Corpus c, float[][] chunkVectors, float[][] queryVectors, List<String> queryIds) {
    double ndcg = 0;
    double recall = 0;
    for (int qi = 0; qi < queryIds.size(); qi++) {
      double[] docScore = new double[c.docIds().size()];
      int at = 0;
      for (int d = 0; d < docScore.length; d++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.docChunks().get(d).size(); k++) {
          best = Math.max(best, dot(queryVectors[qi], chunkVectors[at++]));
        }
        docScore[d] = best;
      }
      Integer[] order = new Integer[docScore.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Double.compare(docScore[b], docScore[a]));
      Map<String, Integer> relevant = c.qrels().get(queryIds.get(qi));
      double dcg = 0;
      int found = 0;
      for (int r = 0; r < Math.min(10, order.length); r++) {
        int gain = relevant.getOrDefault(c.docIds().get(order[r]), 0);
        if (gain > 0) {
          dcg += gain / (Math.log(r + 2) / Math.log(2));
          found++;
        }
      }
      int[] ideal = relevant.values().stream().mapToInt(Integer::intValue).sorted().toArray();
      double idcg = 0;
      for (int r = 0; r < Math.min(10, ideal.length); r++) {
        idcg += ideal[ideal.length - 1 - r] / (Math.log(r + 2) / Math.log(2));
      }
      ndcg += idcg == 0 ? 0 : dcg / idcg;
      recall += (double) found / relevant.size();
    }
    return new Scores(ndcg / queryIds.size(), recall / queryIds.size());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
