package io.tributary.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import io.tributary.api.ProblemException;
import io.tributary.config.SourceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Cron schedules of jobs, on the Quarkus Scheduler (programmatic: each comes from configuration).
 * Global ones: {@code tributary.jobs.schedules.<name>.*} ({@link JobsConfig}); per source: a {@code
 * jobs:} block in {@code config/sources/<source>.yaml}, type by type:
 *
 * <pre>
 * jobs:
 *   reindex: "0 0 3 * * ?"            # cron only
 *   purge: {cron: "0 30 4 ? * SUN", retention-days: 90}
 * </pre>
 *
 * A schedule fires on every instance; the first to record the fire time ({@code
 * job_schedule_fires}) queues the job, and the job's cluster lock lets one instance run it. A fire
 * while the previous job of the schedule is still queued or running is skipped (logged). An invalid
 * global schedule fails the start with its reason; an invalid per-source one is logged and left
 * out, as an invalid source file is.
 */
@ApplicationScoped
public class JobSchedules {

  private static final Logger LOG = Logger.getLogger(JobSchedules.class);

  private final JobsConfig config;
  private final SourceCatalog sources;
  private final Scheduler scheduler;
  private final JobRunner runner;
  private final JobStore store;

  public JobSchedules(
      JobsConfig config,
      SourceCatalog sources,
      Scheduler scheduler,
      JobRunner runner,
      JobStore store) {
    this.config = config;
    this.sources = sources;
    this.scheduler = scheduler;
    this.runner = runner;
    this.store = store;
  }

  void start(@Observes StartupEvent event) {
    Map<String, Scheduled> all = new LinkedHashMap<>();
    config
        .schedules()
        .forEach(
            (name, s) -> {
              try {
                all.put(
                    name,
                    new Scheduled(
                        s.cron(),
                        params(
                            s.type(),
                            s.source().orElse(null),
                            s.all(),
                            s.retentionDays().orElse(null))));
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                    "tributary.jobs.schedules." + name + ": " + e.getMessage(), e);
              }
            });
    for (String source : sources.configuredSources()) {
      try {
        JsonNode jobs = sources.section(source, "jobs");
        jobs.fields()
            .forEachRemaining(
                e -> {
                  JsonNode v = e.getValue();
                  String cron = v.isTextual() ? v.asText() : v.path("cron").asText(null);
                  if (cron == null) {
                    throw new IllegalArgumentException("jobs." + e.getKey() + " needs a cron");
                  }
                  all.put(
                      source + "." + e.getKey(),
                      new Scheduled(
                          cron,
                          params(
                              e.getKey(),
                              source,
                              v.path("all").asBoolean(false),
                              v.has("retention-days") ? v.get("retention-days").asInt() : null)));
                });
      } catch (RuntimeException e) {
        LOG.warnf(
            "source %s: job schedules unreadable, none scheduled (%s)", source, e.getMessage());
      }
    }
    all.forEach(this::schedule);
  }

  private record Scheduled(String cron, JobParams params) {}

  private void schedule(String name, Scheduled s) {
    try {
      scheduler
          .newJob("job-schedule:" + name)
          .setCron(s.cron())
          .setConcurrentExecution(ConcurrentExecution.SKIP)
          .setTask(execution -> fire(name, s.params(), execution.getScheduledFireTime()))
          .schedule();
      LOG.infof("job schedule %s: %s at cron %s", name, s.params().type(), s.cron());
    } catch (RuntimeException e) {
      throw new IllegalStateException("job schedule " + name + ": invalid cron " + s.cron(), e);
    }
  }

  /** Queues the schedule's job if this instance is the first to see this fire time. */
  void fire(String name, JobParams params, Instant fireAt) {
    try {
      if (!store.firstToFire(name, fireAt)) {
        return;
      }
      Job job = runner.submit(params, Job.SCHEDULE, "schedule:" + name);
      LOG.infof("job schedule %s queued job %d", name, job.id());
    } catch (ProblemException e) {
      LOG.infof("job schedule %s skipped: %s", name, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf(
          "job schedule %s failed (%s); next fire retries", name, e.getClass().getSimpleName());
    }
  }

  static JobParams params(String type, String source, boolean all, Integer retentionDays) {
    return switch (type) {
      case JobParams.REINDEX -> new JobParams.Reindex(source, all);
      case JobParams.REEMBED -> JobParams.Reembed.inPlace(source, all);
      case JobParams.SYNC -> new JobParams.Sync(source);
      case JobParams.PURGE -> new JobParams.Purge(source, retentionDays);
      default -> throw new IllegalArgumentException("no job type " + type);
    };
  }
}
