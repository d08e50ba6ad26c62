package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.StageName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingLaneTest {

  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  static float[] vectorOf(String text) {
    return new float[] {text.length()};
  }

  @Test
  void should_refuse_a_lane_size_below_one() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EmbeddingLane.Size(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embed-group-texts");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EmbeddingLane.Size(32, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_embed_groups_in_order_one_call_at_a_time() {
    AtomicInteger running = new AtomicInteger();
    List<Integer> overlap = Collections.synchronizedList(new ArrayList<>());
    EmbeddingLane<String> lane =
        new EmbeddingLane<>(
            pool,
            texts -> {
              overlap.add(running.incrementAndGet());
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              running.decrementAndGet();
              return texts.stream().map(EmbeddingLaneTest::vectorOf).toList();
            },
            s -> List.of(s.split(" ")),
            new EmbeddingLane.Size(3, 2));
    List<String> items = List.of("a bb", "ccc", "dddd e", "ff", "g");
    items.forEach(lane::add);

    List<EmbeddingLane.Group<String>> groups = lane.finish();

    List<String> grouped = new ArrayList<>();
    List<Float> vectors = new ArrayList<>();
    for (EmbeddingLane.Group<String> g : groups) {
      grouped.addAll(g.items());
      g.join().forEach(v -> vectors.add(v[0]));
    }
    assertThat(grouped).containsExactlyElementsOf(items);
    assertThat(groups).hasSize(3);
    assertThat(vectors).containsExactly(1f, 2f, 3f, 4f, 1f, 2f, 1f);
    assertThat(overlap).containsOnly(1);
  }

  @Test
  void should_make_the_caller_wait_when_groups_are_in_flight() throws Exception {
    CountDownLatch model = new CountDownLatch(1);
    EmbeddingLane<String> lane =
        new EmbeddingLane<>(
            pool,
            texts -> {
              try {
                model.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return texts.stream().map(EmbeddingLaneTest::vectorOf).toList();
            },
            List::of,
            new EmbeddingLane.Size(1, 2));
    CountDownLatch third = new CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              lane.add("one");
              lane.add("two");
              lane.add("three");
              third.countDown();
            });
    caller.start();

    assertThat(third.await(300, TimeUnit.MILLISECONDS)).as("third group waited").isFalse();
    model.countDown();
    assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lane.finish()).hasSize(3);
  }

  @Test
  void should_hand_a_refusal_to_the_caller_and_go_on_with_the_next_group() {
    EmbeddingLane<String> lane =
        new EmbeddingLane<>(
            pool,
            texts -> {
              if (texts.contains("bad")) {
                throw new PoisonRecordException(StageName.EMBED, "refused");
              }
              return texts.stream().map(EmbeddingLaneTest::vectorOf).toList();
            },
            List::of,
            new EmbeddingLane.Size(1, 2));
    lane.add("bad");
    lane.add("good");
    assertThat(lane.remove("never-added")).isFalse();

    List<EmbeddingLane.Group<String>> groups = lane.finish();

    assertThatThrownBy(groups.get(0)::join).isInstanceOf(PoisonRecordException.class);
    assertThat(groups.get(1).join()).hasSize(1);
  }
}
