package io.tributary.source;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.config.DirectorySpec;
import io.tributary.config.SourceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the scheduled syncs of directory sources that set {@code directory.interval}, one thread for
 * all of them; a sync that fails is logged and tried again at the next interval.
 */
@ApplicationScoped
public class SyncScheduler {

  private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

  private final SourceCatalog sources;
  private final DirectorySync sync;
  private ScheduledExecutorService executor;

  public SyncScheduler(SourceCatalog sources, DirectorySync sync) {
    this.sources = sources;
    this.sync = sync;
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
      if (executor == null) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "tributary-sync");
          t.setDaemon(true);
          return t;
        });
      }
      long seconds = spec.interval().toSeconds();
      executor.scheduleWithFixedDelay(() -> run(source), seconds, seconds, TimeUnit.SECONDS);
      LOG.infof("sync of %s scheduled every %d s", source, seconds);
    }
  }

  private void run(String source) {
    try {
      sync.sync(source, "scheduler");
    } catch (RuntimeException e) {
      LOG.warnf("scheduled sync of %s failed (%s); next try at the next interval", source, e.getMessage());
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
