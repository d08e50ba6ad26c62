package io.tributary.health;

import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.StageName;

/** The embedding model, the configuration and the {@code vector(N)} column must agree on N. */
public final class DimensionCheck {

  private DimensionCheck() {}

  public static void require(int configured, int model, int column) {
    if (configured != model || model != column) {
      throw new FatalPipelineException(
          StageName.EMBED,
          "embedding dimension mismatch: tributary.embedding.dimension="
              + configured
              + ", the model produces "
              + model
              + ", the chunks.embedding column is vector("
              + column
              + "). Set tributary.embedding.dimension to the model's dimension and migrate the"
              + " column (a new column dimension needs a reindex).",
          null);
    }
  }
}
