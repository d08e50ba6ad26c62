package io.tributary.ingest;

import java.util.Map;
import java.util.Optional;

/**
 * The seam through which side packages (a {@code sync} job) run a directory source's sync without
 * importing the transports. Implemented in {@code source}.
 *
 * <p>Contract: thread-safe; at most one sync of a source runs across instances (cluster lock).
 */
public interface SourceSyncs {

  /** Whether the source syncs a directory. */
  boolean syncs(String source);

  /**
   * Syncs the source and returns what it did by name ({@code files}, {@code indexed}, {@code
   * unchanged}, {@code skipped}, {@code rejected}, {@code deleted}); empty when a sync of it runs
   * elsewhere.
   */
  Optional<Map<String, Long>> syncUnlessRunning(String source, String actor);
}
