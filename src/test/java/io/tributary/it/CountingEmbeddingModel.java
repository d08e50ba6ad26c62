package io.tributary.it;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real all-MiniLM-L6-v2 model, counting the texts it embeds so tests can assert re-embedding.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CountingEmbeddingModel implements EmbeddingModel {

  private final EmbeddingModel delegate = new AllMiniLmL6V2EmbeddingModel();
  private final AtomicLong texts = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicReference<Runnable> beforeNext = new AtomicReference<>();

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    Runnable action = beforeNext.getAndSet(null);
    if (action != null) {
      action.run();
    }
    calls.incrementAndGet();
    texts.addAndGet(segments.size());
    return delegate.embedAll(segments);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  /**
   * Runs an action once, when the next texts are embedded: a seam in the middle of a sync, after
   * its files were listed and while the first is ingested.
   */
  public void beforeNextEmbedding(Runnable action) {
    beforeNext.set(action);
  }

  public long textsEmbedded() {
    return texts.get();
  }

  /** Calls to the model, however many texts each carried. */
  public long calls() {
    return calls.get();
  }
}
