package io.tributary.bench;

import com.pgvector.PGvector;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The path a LangChain4j user would pick first: {@code EmbeddingStoreIngestor} with {@code
 * DocumentSplitters.recursive(300, 30)} into a {@code PgVectorEmbeddingStore} with its IVFFlat
 * index (created by the store on the still empty table, as its builder does), run twice on the same
 * documents. Needs langchain4j and langchain4j-pgvector, which only bench/pom.xml brings in.
 */
final class NaiveBaseline {

  static final String TABLE = "bench_naive_langchain4j";

  /** Times in seconds; CPU is this JVM's (the embedding), not PostgreSQL's. */
  record Result(
      double firstSeconds,
      double firstCpu,
      long rowsAfterFirst,
      double secondSeconds,
      double secondCpu,
      long rowsAfterSecond,
      double recallAt10) {}

  private NaiveBaseline() {}

  /**
   * One document per ticket: its fields as "name: value" lines, then its text, unredacted (the
   * naive path has no redaction), the fields also as metadata.
   */
  static List<Document> documents(List<Bench.Ticket> tickets) {
    List<Document> out = new ArrayList<>(tickets.size());
    for (Bench.Ticket t : tickets) {
      Metadata m = new Metadata();
      m.put("id", t.id());
      t.fields().forEach(m::put);
      out.add(Document.from(documentText(t), m));
    }
    return out;
  }

  /** A ticket as the peers see it: its fields as "name: value" lines, then its text. */
  static String documentText(Bench.Ticket t) {
    StringBuilder text = new StringBuilder();
    t.fields().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    return text.append(t.text()).toString();
  }

  static Result run(
      String jdbc, EmbeddingModel model, List<Bench.Ticket> tickets, List<float[]> queries)
      throws Exception {
    URI u = URI.create(jdbc.substring("jdbc:".length()));
    List<Document> docs = documents(tickets);

    PgVectorEmbeddingStore first = store(u, true);
    double c0 = Bench.selfCpu();
    long t0 = System.nanoTime();
    ingestor(model, first).ingest(docs);
    double firstSeconds = (System.nanoTime() - t0) / 1e9;
    double firstCpu = Bench.selfCpu() - c0;
    long rows1 = Bench.count(jdbc, "SELECT count(*) FROM " + TABLE);

    // The same job started again, as a redeploy or a retry would: a new store on the same table.
    PgVectorEmbeddingStore second = store(u, false);
    c0 = Bench.selfCpu();
    t0 = System.nanoTime();
    ingestor(model, second).ingest(docs);
    double secondSeconds = (System.nanoTime() - t0) / 1e9;
    double secondCpu = Bench.selfCpu() - c0;
    long rows2 = Bench.count(jdbc, "SELECT count(*) FROM " + TABLE);

    return new Result(
        firstSeconds,
        firstCpu,
        rows1,
        secondSeconds,
        secondCpu,
        rows2,
        recall(jdbc, second, queries));
  }

  private static EmbeddingStoreIngestor ingestor(
      EmbeddingModel model, PgVectorEmbeddingStore store) {
    return EmbeddingStoreIngestor.builder()
        .documentSplitter(DocumentSplitters.recursive(300, 30))
        .embeddingModel(model)
        .embeddingStore(store)
        .build();
  }

  private static PgVectorEmbeddingStore store(URI u, boolean dropFirst) {
    return PgVectorEmbeddingStore.builder()
        .host(u.getHost())
        .port(u.getPort() < 0 ? 5432 : u.getPort())
        .database(u.getPath().substring(1))
        .user(Bench.ownerUser())
        .password(Bench.ownerPassword())
        .table(TABLE)
        .dimension(384)
        .useIndex(true)
        .indexListSize(100)
        .createTable(true)
        .dropTableFirst(dropFirst)
        .build();
  }

  /**
   * Top 10 through the store (its IVFFlat index, default probes) against exact search, ids
   * compared.
   */
  private static double recall(String jdbc, PgVectorEmbeddingStore store, List<float[]> queries)
      throws Exception {
    long hits = 0;
    long wanted = 0;
    try (Connection c = Bench.db(jdbc)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL enable_indexscan = off");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT embedding_id::text FROM " + TABLE + " ORDER BY embedding <=> ? LIMIT 10")) {
        for (float[] q : queries) {
          ps.setObject(1, new PGvector(q));
          Set<String> exact = new HashSet<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              exact.add(rs.getString(1));
            }
          }
          List<EmbeddingMatch<TextSegment>> found =
              store
                  .search(
                      EmbeddingSearchRequest.builder()
                          .queryEmbedding(new Embedding(q))
                          .maxResults(10)
                          .minScore(0.0)
                          .build())
                  .matches();
          for (EmbeddingMatch<TextSegment> m : found) {
            if (exact.contains(m.embeddingId())) {
              hits++;
            }
          }
          wanted += exact.size();
        }
      }
      c.rollback();
    }
    return wanted == 0 ? 0 : (double) hits / wanted;
  }
}
