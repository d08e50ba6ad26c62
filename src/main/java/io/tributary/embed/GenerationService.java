package io.tributary.embed;

import io.quarkus.scheduler.Scheduled;
import io.tributary.config.TributaryConfig;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.EmbeddingGeneration.State;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.StageName;
import io.tributary.store.Generations;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Embedding generations (docs/retrieval.md#generations): a model change builds a new generation
 * beside the serving one, search keeps serving the old one until a switch (one row update) makes
 * the new one serve; the previous one stays a rollback target for the grace period, then is
 * dropped. Live generations that the ingest pipeline does not write (another model's) are caught up
 * with new chunks every {@code tributary.generations.catch-up-every}.
 *
 * <p>Thread-safe. A build runs on its own thread, one at a time; the {@code reembed} job kind calls
 * {@link #build} and {@link #activate}.
 */
@ApplicationScoped
public class GenerationService {

  private static final Logger LOG = Logger.getLogger(GenerationService.class);
  private static final int ACTIVATE_ATTEMPTS = 5;

  /** What search needs: the serving generation and the embedder of its model. */
  public record Serving(EmbeddingGeneration generation, Embedder embedder) {}

  private final Generations store;
  private final ModelCatalog models;
  private final TributaryConfig.Generations config;
  private final ExecutorService builds =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "generation-build");
            t.setDaemon(true);
            return t;
          });
  private final Map<Integer, Future<?>> running = new ConcurrentHashMap<>();

  public GenerationService(Generations store, ModelCatalog models, TributaryConfig config) {
    this.store = store;
    this.models = models;
    this.config = config.generations();
  }

  /**
   * At start: registers the {@code chunks.embedding} column as generation 1 of the configured model
   * if none exists, then refuses a configured model whose generation is not built.
   *
   * @param columnDimension the {@code chunks.embedding} column's dimension
   * @return the configured model's generation
   */
  public EmbeddingGeneration checkAtStart(int columnDimension) {
    Embedder configured = models.configured();
    store.bootstrap(configured.modelId(), columnDimension);
    Optional<EmbeddingGeneration> own = store.liveOf(configured.modelId());
    EmbeddingGeneration serving = store.serving().orElseThrow();
    if (own.isEmpty() || own.get().state() == State.BUILDING) {
      throw new FatalPipelineException(
          StageName.EMBED,
          "the configured embedding model "
              + configured.modelId()
              + " has no built generation"
              + own.map(g -> " (generation " + g.id() + " is still building)").orElse("")
              + "; generation "
              + serving.id()
              + " ("
              + serving.modelId()
              + ") serves. Configure that model, or build a generation of the new one"
              + " (POST /v1/generations) on an instance running the old one and activate it first",
          null);
    }
    return own.get();
  }

  /** The serving generation and its model's embedder; one row read. */
  public Serving serving() {
    EmbeddingGeneration g =
        store.serving().orElseThrow(() -> new IllegalStateException("no generation serves"));
    return new Serving(g, models.embedder(g.modelId()));
  }

  public List<EmbeddingGeneration> list() {
    return store.list();
  }

  public Optional<EmbeddingGeneration> get(int id) {
    return store.get(id);
  }

  /**
   * Starts building a generation of a model (an in-process name or the configured model's id) in
   * the background: every chunk's vector, from the embedding cache where it has one.
   *
   * @throws IllegalArgumentException an unknown model
   * @throws IllegalStateException the model has a live generation
   */
  public EmbeddingGeneration build(String model) {
    Embedder embedder = models.embedder(model);
    EmbeddingGeneration g = create(model);
    running.put(g.id(), builds.submit(() -> runBuild(g, embedder)));
    return g;
  }

  /**
   * Creates a building generation of a model (its own vector table and HNSW index, the model's
   * dimension) without filling it: the caller fills it with {@link #buildStep} and ends with {@link
   * #markBuilt} (the {@code reembed} job, which checkpoints between steps).
   *
   * @throws IllegalArgumentException an unknown model
   * @throws IllegalStateException the model has a live generation
   */
  public EmbeddingGeneration create(String model) {
    Embedder embedder = models.embedder(model);
    int dimension = embedder.embed(List.of("dimension probe")).get(0).length;
    EmbeddingGeneration g = store.create(embedder.modelId(), dimension);
    LOG.infof("generation %d of %s (dimension %d) building", g.id(), g.modelId(), dimension);
    return g;
  }

  /**
   * The model id of a model name (an in-process name or the configured model's id).
   *
   * @throws IllegalArgumentException an unknown model
   */
  public String modelId(String model) {
    return models.modelId(model);
  }

  /**
   * The embedder of a model name, loading it if need be.
   *
   * @throws IllegalArgumentException an unknown model
   */
  public Embedder embedderOf(String model) {
    return models.embedder(model);
  }

  /** The live (building, ready, active or retired) generation of a model, if any. */
  public Optional<EmbeddingGeneration> liveOf(String model) {
    return store.liveOf(models.modelId(model));
  }

  /** Chunks the generation has no vector for yet. */
  public long missing(EmbeddingGeneration g) {
    return store.countMissing(g);
  }

  /** A building generation becomes ready: {@link #buildStep} found nothing left to embed. */
  public void markBuilt(int id) {
    store.markReady(id);
    LOG.infof("generation %d built", id);
  }

  private void runBuild(EmbeddingGeneration g, Embedder embedder) {
    try {
      catchUp(g, embedder);
      markBuilt(g.id());
    } catch (RuntimeException e) {
      LOG.errorf("generation %d failed: %s", g.id(), e.getClass().getSimpleName());
      store.markFailed(g.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      running.remove(g.id());
    }
  }

  /**
   * One batch of a build: how many chunks got a vector, and how many of those vectors the embedding
   * cache had ({@code reused}) or the model computed. {@code chunks == 0}: nothing is missing.
   */
  public record BuildStep(int chunks, int reused, int computed, UUID last) {}

  /**
   * Embeds one batch ({@code tributary.generations.build-batch}) of the chunks the generation has
   * no vector for, after the chunk id {@code after} (null: from the first), and stores them; adds
   * to the generation's build report. Pass the last step's {@link BuildStep#last} to read on; a
   * step that finds nothing after a cursor is not the end (chunks written meanwhile may sort before
   * it): the build is complete when a step from null finds nothing.
   */
  public BuildStep buildStep(EmbeddingGeneration g, UUID after) {
    return step(g, models.embedder(g.modelId()), after);
  }

  private BuildStep step(EmbeddingGeneration g, Embedder embedder, UUID after) {
    List<Generations.Missing> batch = store.missing(g, after, config.buildBatch());
    if (batch.isEmpty()) {
      return new BuildStep(0, 0, 0, null);
    }
    List<String> texts = batch.stream().map(Generations.Missing::text).toList();
    List<float[]> vectors;
    int reused;
    int computed;
    if (embedder instanceof CachingEmbedder caching) {
      CachingEmbedder.Counted counted = caching.embedCounted(texts);
      vectors = counted.vectors();
      reused = counted.reused();
      computed = counted.computed();
    } else {
      vectors = embedder.embed(texts);
      reused = 0;
      computed = texts.size();
    }
    int stored = store.store(g, batch.stream().map(Generations.Missing::chunkId).toList(), vectors);
    store.count(g.id(), reused, computed);
    if (stored == 0 && store.missing(g, after, 1).equals(batch.subList(0, 1))) {
      // nothing could be stored and the same chunk is still missing: do not spin
      throw new IllegalStateException("vectors of generation " + g.id() + " cannot be stored");
    }
    return new BuildStep(batch.size(), reused, computed, batch.get(batch.size() - 1).chunkId());
  }

  /** Embeds the chunks a generation has no vector for, until none is left; returns how many. */
  long catchUp(EmbeddingGeneration g, Embedder embedder) {
    long done = 0;
    UUID after = null;
    while (true) {
      BuildStep step = step(g, embedder, after);
      if (step.chunks() == 0) {
        if (after == null) {
          return done;
        }
        after = null; // one more pass from the first chunk: chunks written meanwhile
        continue;
      }
      done += step.chunks();
      after = step.last();
    }
  }

  /**
   * Makes a generation serve: catches it up with chunks written since its build, then switches in
   * one transaction that proves it complete. The one that served becomes the rollback target.
   */
  public EmbeddingGeneration activate(int id) {
    EmbeddingGeneration g =
        store.get(id).orElseThrow(() -> new IllegalStateException("no generation " + id));
    if (g.state() == State.BUILDING) {
      throw new IllegalStateException("generation " + id + " is still building");
    }
    EmbeddingGeneration active = null;
    for (int attempt = 1; active == null; attempt++) {
      if (g.state() == State.READY || g.state() == State.RETIRED) {
        catchUp(g, models.embedder(g.modelId()));
      }
      try {
        active = store.activate(id);
      } catch (Generations.Incomplete e) {
        // chunks written between the catch-up and the switch: catch up again, a few times
        if (attempt == ACTIVATE_ATTEMPTS) {
          throw e;
        }
      }
    }
    LOG.infof("generation %d (%s) serves", id, active.modelId());
    return active;
  }

  /** Switches back to the generation that served before the current one, while it is kept. */
  public EmbeddingGeneration rollback() {
    EmbeddingGeneration serving = store.serving().orElseThrow();
    Optional<Integer> previous =
        store.list().stream()
            .filter(g -> g.state() == State.RETIRED && g.retiredAt() != null)
            .sorted((a, b) -> b.retiredAt().compareTo(a.retiredAt()))
            .map(EmbeddingGeneration::id)
            .findFirst();
    if (previous.isEmpty()) {
      throw new IllegalStateException(
          "no kept generation to roll back to (generation " + serving.id() + " serves)");
    }
    return activate(previous.get());
  }

  /** Drops a generation that does not serve (a retired, ready or failed one). */
  public void drop(int id) {
    Future<?> build = running.get(id);
    if (build != null) {
      build.cancel(true);
    }
    store.drop(id);
  }

  /** Whether a build of the generation runs on this instance. */
  public boolean building(int id) {
    return running.containsKey(id);
  }

  @Scheduled(
      every = "${tributary.generations.catch-up-every:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void maintain() {
    try {
      for (EmbeddingGeneration g : store.list()) {
        if ((g.state() == State.ACTIVE || g.state() == State.RETIRED || g.state() == State.READY)
            && !g.modelId().equals(models.configured().modelId())) {
          long n = catchUp(g, models.embedder(g.modelId()));
          if (n > 0) {
            LOG.infof("generation %d caught up with %d chunks", g.id(), n);
          }
        }
      }
      for (EmbeddingGeneration g : store.expired(config.gracePeriod())) {
        if (!running.containsKey(g.id())) {
          store.drop(g.id());
          LOG.infof("generation %d dropped after its grace period", g.id());
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("generation maintenance failed: %s", e.getClass().getSimpleName());
    }
  }

  @PreDestroy
  void stop() {
    builds.shutdownNow();
  }
}
