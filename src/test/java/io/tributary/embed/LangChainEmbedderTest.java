package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.RetriableException;
import io.tributary.pipeline.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LangChainEmbedderTest {

  /** A constant-vector model that fails as scripted, recording the size of each call. */
  static final class ScriptedModel implements EmbeddingModel {
    final List<Integer> calls = new ArrayList<>();
    final List<Supplier<RuntimeException>> failures = new ArrayList<>();
    int dimension = 3;

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      calls.add(segments.size());
      if (!failures.isEmpty()) {
        throw failures.remove(0).get();
      }
      List<Embedding> out = new ArrayList<>();
      segments.forEach(s -> out.add(Embedding.from(new float[dimension])));
      return Response.from(out);
    }
  }

  @Test
  void should_embed_in_batches_of_the_configured_size_keeping_order() {
    ScriptedModel model = new ScriptedModel();
    List<float[]> vectors =
        new LangChainEmbedder(model, "fake", 3, 4, 1)
            .embed(List.of("a", "b", "c", "d", "e", "f", "g"));
    assertThat(vectors).hasSize(7);
    assertThat(model.calls).containsExactly(4, 3);
  }

  @Test
  void should_embed_a_text_repeated_in_one_call_only_once() {
    ScriptedModel model = new ScriptedModel();
    List<float[]> vectors =
        new LangChainEmbedder(model, "fake", 3, 4, 1).embed(List.of("a", "b", "a", "c", "b", "a"));
    assertThat(vectors).hasSize(6);
    assertThat(model.calls).containsExactly(3);
    assertThat(vectors.get(0)).isNotSameAs(vectors.get(2)).containsExactly(vectors.get(2));
  }

  @Test
  void should_retry_a_rate_limited_call_and_then_succeed() {
    ScriptedModel model = new ScriptedModel();
    model.failures.add(() -> new RateLimitException("429"));
    model.failures.add(() -> new RateLimitException("429"));
    assertThat(new LangChainEmbedder(model, "fake", 3, 8, 4).embed(List.of("a"))).hasSize(1);
    assertThat(model.calls).hasSize(3);
  }

  @Test
  void should_surface_a_retriable_fault_after_the_last_attempt() {
    ScriptedModel model = new ScriptedModel();
    for (int i = 0; i < 3; i++) {
      model.failures.add(() -> new RateLimitException("429"));
    }
    assertThatThrownBy(() -> new LangChainEmbedder(model, "fake", 3, 8, 2).embed(List.of("a")))
        .isInstanceOf(RetriableException.class);
    assertThat(model.calls).hasSize(2);
  }

  @Test
  void should_stop_retrying_at_the_policy_deadline_whatever_attempts_are_left() {
    ScriptedModel model = new ScriptedModel();
    for (int i = 0; i < 1000; i++) {
      model.failures.add(() -> new RateLimitException("429"));
    }
    RetryPolicy retry =
        new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), 2, 0, Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                new LangChainEmbedder(model, "fake", 3, 8, 1000, retry, n -> {})
                    .embed(List.of("a")))
        .isInstanceOf(RetriableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(model.calls.size()).isBetween(2, 10);
  }

  @Test
  void should_treat_a_refused_input_as_poison_and_bad_credentials_as_fatal_without_retrying() {
    ScriptedModel model = new ScriptedModel();
    model.failures.add(() -> new InvalidRequestException("400"));
    assertThatThrownBy(() -> new LangChainEmbedder(model, "fake", 3, 8, 4).embed(List.of("a")))
        .isInstanceOf(PoisonRecordException.class);
    model.failures.add(() -> new AuthenticationException("401"));
    assertThatThrownBy(() -> new LangChainEmbedder(model, "fake", 3, 8, 4).embed(List.of("a")))
        .isInstanceOf(FatalPipelineException.class);
    assertThat(model.calls).hasSize(2);
  }

  @Test
  void should_fail_fatally_when_the_model_returns_another_dimension() {
    ScriptedModel model = new ScriptedModel();
    model.dimension = 5;
    assertThatThrownBy(() -> new LangChainEmbedder(model, "fake", 3, 8, 1).embed(List.of("a")))
        .isInstanceOf(FatalPipelineException.class)
        .hasMessageContaining("dimension 5")
        .hasMessageContaining("tributary.embedding.dimension is 3");
  }
}
