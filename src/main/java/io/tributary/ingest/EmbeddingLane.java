package io.tributary.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The embedding of one batch, overlapped with its preparation: the caller adds prepared items; once
 * their texts fill a group, the group is embedded on the executor while the caller prepares the
 * next items. The groups of one lane are embedded one after the other, in order (one model call at
 * a time per batch, as before; the engine spreads a call over the cores). At most {@code inFlight}
 * groups wait or run: the caller then waits for the oldest, so a fast preparation never buffers a
 * whole batch ahead of a slow model (back-pressure).
 *
 * <p>Not thread-safe: one ingest call owns a lane; only the embedding runs elsewhere.
 *
 * @param <T> an item whose texts are embedded together
 */
final class EmbeddingLane<T> {

  /** Items and the future vectors of all their texts, in item order. */
  record Group<T>(List<T> items, CompletableFuture<List<float[]>> vectors) {

    /** The vectors, or what the embedding threw, unwrapped. */
    List<float[]> join() {
      try {
        return vectors.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
  }

  /**
   * How a lane groups texts: {@code groupTexts} per model call, at most {@code inFlight} groups
   * waiting or running ({@code tributary.ingest.embed-group-texts}, {@code
   * embed-groups-in-flight}).
   */
  record Size(int groupTexts, int inFlight) {

    /** The configuration's defaults. */
    static final Size DEFAULT = new Size(32, 2);

    Size {
      if (groupTexts < 1 || inFlight < 1) {
        throw new IllegalArgumentException(
            "tributary.ingest.embed-group-texts and embed-groups-in-flight must be >= 1, were "
                + groupTexts
                + " and "
                + inFlight);
      }
    }
  }

  private final Executor executor;
  private final Function<List<String>, List<float[]>> embed;
  private final Function<T, List<String>> textsOf;
  private final int groupTexts;
  private final int inFlight;
  private final List<Group<T>> groups = new ArrayList<>();
  private List<T> filling = new ArrayList<>();
  private int fillingTexts;
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  EmbeddingLane(
      Executor executor,
      Function<List<String>, List<float[]>> embed,
      Function<T, List<String>> textsOf,
      Size size) {
    this.executor = executor;
    this.embed = embed;
    this.textsOf = textsOf;
    this.groupTexts = size.groupTexts();
    this.inFlight = size.inFlight();
  }

  void add(T item) {
    filling.add(item);
    fillingTexts += textsOf.apply(item).size();
    if (fillingTexts >= groupTexts) {
      submit();
    }
  }

  /** Takes back an item not yet sent to the model; whether it was still waiting. */
  boolean remove(T item) {
    for (int i = 0; i < filling.size(); i++) {
      if (filling.get(i) == item) {
        filling.remove(i);
        fillingTexts -= textsOf.apply(item).size();
        return true;
      }
    }
    return false;
  }

  /** Sends the last items to the model; every group, in order. */
  List<Group<T>> finish() {
    submit();
    return List.copyOf(groups);
  }

  private void submit() {
    if (filling.isEmpty()) {
      return;
    }
    int oldest = groups.size() - inFlight;
    if (oldest >= 0) {
      groups.get(oldest).vectors().handle((v, e) -> null).join();
    }
    List<T> items = filling;
    List<String> texts = new ArrayList<>(fillingTexts);
    items.forEach(i -> texts.addAll(textsOf.apply(i)));
    CompletableFuture<List<float[]>> vectors =
        tail.handle((v, e) -> null).thenApplyAsync(v -> embed.apply(texts), executor);
    tail = vectors;
    groups.add(new Group<>(items, vectors));
    filling = new ArrayList<>();
    fillingTexts = 0;
  }
}
