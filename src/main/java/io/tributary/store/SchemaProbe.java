package io.tributary.store;

/**
 * What the database's schema declares, for the startup checks.
 *
 * <p>Contract: thread-safe; never writes; never returns a guess: a missing schema is a {@link
 * io.tributary.pipeline.FatalPipelineException}, an unreachable database a {@link
 * io.tributary.pipeline.RetriableException}.
 */
public interface SchemaProbe {

  /** Dimension of the {@code chunks.embedding} column, as the database declares it. */
  int embeddingColumnDimension();
}
