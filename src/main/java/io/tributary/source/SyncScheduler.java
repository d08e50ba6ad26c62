package io.tributary.source;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import io.tributary.config.DirectorySpec;
import io.tributary.config.SourceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Schedules the syncs of directory sources that set {@code directory.interval}, one Quarkus
 * Scheduler job per source ({@code sync:<source>}, programmatic because each source file sets its
 * own interval). A turn is skipped while the previous one of this instance still runs, and also,
 * silently, while another instance syncs the source ({@link DirectorySync#syncUnlessRunning}): with
 * several instances, each tries every interval and one syncs at a time. A sync that fails is logged
 * and tried again at the next interval.
 */
@ApplicationScoped
public class SyncScheduler {

  private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

  private final SourceCatalog sources;
  private final DirectorySync sync;
  private final Scheduler scheduler;

  public SyncScheduler(SourceCatalog sources, DirectorySync sync, Scheduler scheduler) {
    this.sources = sources;
    this.sync = sync;
    this.scheduler = scheduler;
  }

  void start(@Observes StartupEvent event) {
    for (String source : sources.configuredSources()) {
      DirectorySpec spec;
      try {
        spec = sources.settings(source).directory();
      } catch (RuntimeException e) {
        // an invalid source file fails that source's requests, with its reason; no schedule for it
        LOG.warnf("source %s: settings unreadable, no scheduled sync (%s)", source, e.getMessage());
        continue;
      }
      if (spec == null || spec.interval() == null) {
        continue;
      }
      String every = spec.interval().toSeconds() + "s";
      scheduler
          .newJob("sync:" + source)
          .setInterval(every)
          .setDelayed(every) // the first turn one interval after the start, as every later one
          .setConcurrentExecution(ConcurrentExecution.SKIP)
          .setTask(execution -> run(source))
          .schedule();
      LOG.infof("sync of %s scheduled every %s", source, every);
    }
  }

  private void run(String source) {
    try {
      sync.syncUnlessRunning(source, "scheduler");
    } catch (RuntimeException e) {
      LOG.warnf(
          "scheduled sync of %s failed (%s); next try at the next interval",
          source, e.getMessage());
    }
  }
}
