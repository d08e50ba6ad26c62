package io.tributary.jobs;

import io.tributary.ingest.SourceSyncs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * {@code sync}: a directory source's sync as one step. A sync resumes by itself (its file ledger
 * skips files already synced), so a resumed job syncs again; one that finds a sync of the source
 * running elsewhere (the directory's own schedule) fails saying so.
 */
@ApplicationScoped
public class SyncKind implements JobKind {

  private final SourceSyncs syncs;

  public SyncKind(SourceSyncs syncs) {
    this.syncs = syncs;
  }

  @Override
  public String type() {
    return JobParams.SYNC;
  }

  @Override
  public String prepare(JobParams params) {
    if (!syncs.syncs(params.source())) {
      throw new IllegalArgumentException(
          "source " + params.source() + " syncs no directory (no `directory:` in its file)");
    }
    return null;
  }

  @Override
  public void run(JobContext context) {
    Map<String, Long> report =
        syncs
            .syncUnlessRunning(context.params().source(), context.actor())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a sync of " + context.params().source() + " is running elsewhere"));
    report.forEach(context::count);
    context.total(report.getOrDefault("files", 0L));
    context.checkpoint("synced", report.getOrDefault("files", 0L));
  }
}
