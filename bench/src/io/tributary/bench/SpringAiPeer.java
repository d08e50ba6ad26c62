package io.tributary.bench;

import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.AbstractEmbeddingModel;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Spring AI's ETL path as its reference documentation shows it: documents through a {@code
 * TokenTextSplitter} (defaults) into a {@code PgVectorStore} (HNSW, cosine, 384 dimensions, table
 * created empty by the store), with the in-process all-MiniLM-L6-v2 model it is given
 * (LangChain4j's, adapted to Spring AI's {@code EmbeddingModel}). Needs spring-ai-pgvector-store,
 * which only bench/pom.xml brings in. CPU is this JVM's (splitting, embedding, JDBC), not
 * PostgreSQL's, as for the other figures.
 */
final class SpringAiPeer {

  static final String TABLE = "bench_spring_ai";

  record Result(double seconds, double cpu, int documents, int chunks, long rows) {}

  private SpringAiPeer() {}

  /** One document per ticket, as the naive LangChain4j baseline builds it. */
  static List<Document> documents(List<Bench.Ticket> tickets) {
    List<Document> out = new ArrayList<>(tickets.size());
    for (Bench.Ticket t : tickets) {
      Map<String, Object> metadata = new LinkedHashMap<>(t.fields());
      metadata.put("id", t.id());
      out.add(new Document(NaiveBaseline.documentText(t), metadata));
    }
    return out;
  }

  static Result run(
      String jdbc, dev.langchain4j.model.embedding.EmbeddingModel model, List<Bench.Ticket> tickets)
      throws Exception {
    SingleConnectionDataSource ds =
        new SingleConnectionDataSource(jdbc, Bench.ownerUser(), Bench.ownerPassword(), true);
    try {
      PgVectorStore store =
          PgVectorStore.builder(new JdbcTemplate(ds), new Adapter(model))
              .vectorTableName(TABLE)
              .dimensions(384)
              .distanceType(PgVectorStore.PgDistanceType.COSINE_DISTANCE)
              .indexType(PgVectorStore.PgIndexType.HNSW)
              .initializeSchema(true)
              .removeExistingVectorStoreTable(true)
              .build();
      store.afterPropertiesSet();
      List<Document> docs = documents(tickets);
      double c0 = Bench.selfCpu();
      long t0 = System.nanoTime();
      List<Document> chunks = new TokenTextSplitter().apply(docs);
      store.add(chunks);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = Bench.selfCpu() - c0;
      return new Result(
          seconds,
          cpu,
          docs.size(),
          chunks.size(),
          Bench.count(jdbc, "SELECT count(*) FROM " + TABLE));
    } finally {
      ds.destroy();
    }
  }

  /** LangChain4j's in-process model behind Spring AI's embedding interface. */
  static final class Adapter extends AbstractEmbeddingModel {
    private final dev.langchain4j.model.embedding.EmbeddingModel model;

    Adapter(dev.langchain4j.model.embedding.EmbeddingModel model) {
      this.model = model;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      List<dev.langchain4j.data.embedding.Embedding> vectors =
          model
              .embedAll(request.getInstructions().stream().map(TextSegment::from).toList())
              .content();
      List<Embedding> out = new ArrayList<>(vectors.size());
      for (int i = 0; i < vectors.size(); i++) {
        out.add(new Embedding(vectors.get(i).vector(), i));
      }
      return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
      return model.embed(document.getText()).content().vector();
    }

    @Override
    public int dimensions() {
      return 384;
    }
  }
}
