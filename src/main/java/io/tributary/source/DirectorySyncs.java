package io.tributary.source;

import io.tributary.config.SourceCatalog;
import io.tributary.ingest.SourceSyncs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SourceSyncs} over {@link DirectorySync}. */
@ApplicationScoped
public class DirectorySyncs implements SourceSyncs {

  private final DirectorySync sync;
  private final SourceCatalog sources;

  public DirectorySyncs(DirectorySync sync, SourceCatalog sources) {
    this.sync = sync;
    this.sources = sources;
  }

  @Override
  public boolean syncs(String source) {
    return sources.reload(source).directory() != null;
  }

  @Override
  public Optional<Map<String, Long>> syncUnlessRunning(String source, String actor) {
    return sync.syncUnlessRunning(source, actor)
        .map(
            r -> {
              Map<String, Long> counts = new LinkedHashMap<>();
              counts.put("files", (long) r.files());
              counts.put("indexed", (long) r.indexed());
              counts.put("unchanged", (long) r.unchanged());
              counts.put("skipped", (long) r.skipped());
              counts.put("rejected", (long) r.rejected());
              counts.put("deleted", (long) r.deleted());
              return counts;
            });
  }
}
