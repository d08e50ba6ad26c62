package io.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.segment.TextSegment;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Freeing a native resource must wait for the calls inside it, and refuse the calls after it. */
class NativeGuardTest {

  @Test
  void closeWaitsForTheCallInFlightAndLaterCallsFail() throws Exception {
    NativeGuard guard = new NativeGuard("thing", 10_000);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean freed = new AtomicBoolean();
    AtomicBoolean freedWhileInside = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> call =
          pool.submit(
              () ->
                  guard.use(
                      () -> {
                        inside.countDown();
                        await(release);
                        freedWhileInside.set(freed.get());
                        return 7;
                      }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> closing = pool.submit(() -> guard.close(() -> freed.set(true)));
      Thread.sleep(200);
      assertThat(freed).as("freed while a call was inside").isFalse();
      release.countDown();
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(freed).isTrue();
      assertThat(freedWhileInside).isFalse();
      assertThatThrownBy(() -> guard.use(() -> 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("thing is closed");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aCallThatNeverEndsLeavesTheResourceAllocated() throws Exception {
    NativeGuard guard = new NativeGuard("thing", 100);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean freed = new AtomicBoolean();
    Thread t =
        new Thread(
            () ->
                guard.use(
                    () -> {
                      inside.countDown();
                      await(release);
                      return 0;
                    }));
    t.start();
    try {
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(guard.close(() -> freed.set(true))).isFalse();
      assertThat(freed).isFalse();
      assertThatThrownBy(() -> guard.use(() -> 1)).isInstanceOf(IllegalStateException.class);
    } finally {
      release.countDown();
      t.join(10_000);
    }
  }

  /** The crash this guards against: closing the model while other threads are embedding. */
  @Test
  void closingTheModelUnderLoadFailsCallsInsteadOfCrashing() throws Exception {
    OnnxBatchEmbeddingModel model =
        new OnnxBatchEmbeddingModel(OnnxBatchEmbeddingModel.QUANTIZED, 8, 1, 2);
    List<TextSegment> batch =
        java.util.stream.IntStream.range(0, 32)
            .mapToObj(i -> TextSegment.from("ticket " + i + " the printer on floor 3 is jammed"))
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<Integer>> workers =
          java.util.stream.IntStream.range(0, 3)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            int done = 0;
                            while (!stop.get()) {
                              try {
                                assertThat(model.embedAll(batch).content()).hasSize(32);
                                done++;
                              } catch (IllegalStateException closed) {
                                return done;
                              }
                            }
                            return done;
                          }))
              .toList();
      Thread.sleep(1_500);
      model.close(); // the JVM survives: every call in flight finished first
      stop.set(true);
      int total = 0;
      for (Future<Integer> w : workers) {
        total += w.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isPositive();
      assertThatThrownBy(() -> model.embedAll(batch)).isInstanceOf(IllegalStateException.class);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
