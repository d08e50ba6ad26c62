package io.tributary.health;

import io.quarkus.runtime.StartupEvent;
import io.tributary.config.TributaryConfig;
import io.tributary.embed.Embedder;
import io.tributary.embed.GenerationService;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.store.SchemaProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fails the start, with a message that says what to change, when the model, the configuration and
 * the database disagree on the embedding dimension. The model is asked for a real vector, so a
 * misconfigured remote endpoint fails here too instead of on the first record.
 */
@ApplicationScoped
public class StartupChecks {

  private static final Logger LOG = Logger.getLogger(StartupChecks.class);

  void onStart(
      @Observes StartupEvent event,
      Embedder embedder,
      SchemaProbe schema,
      TributaryConfig config,
      GenerationService generations) {
    int model = embedder.embed(List.of("dimension probe")).get(0).length;
    int column = schema.embeddingColumnDimension();
    if (generations.list().isEmpty()) {
      // the chunks.embedding column becomes generation 1 of this model: they must agree
      DimensionCheck.require(config.embedding().dimension(), model, column);
    }
    EmbeddingGeneration own = generations.checkAtStart(column);
    DimensionCheck.require(config.embedding().dimension(), model, own.dimension());
    LOG.infof(
        "embedding model %s, dimension %d: matches the store (generation %d, %s)",
        embedder.modelId(), model, own.id(), own.state().wire());
  }
}
