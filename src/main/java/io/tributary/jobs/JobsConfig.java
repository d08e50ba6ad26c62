package io.tributary.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** {@code tributary.jobs.*}: background jobs and their global cron schedules. */
@ConfigMapping(prefix = "tributary.jobs")
public interface JobsConfig {

  /** How many jobs one instance runs at a time. */
  @WithDefault("2")
  int threads();

  /**
   * How often each instance looks for queued jobs and for running ones whose instance stopped (to
   * resume them); read by the poll's {@code @Scheduled}.
   */
  @WithDefault("2s")
  String pollInterval();

  /**
   * Global schedules by name: {@code tributary.jobs.schedules.<name>.cron}, {@code .type}, {@code
   * .source}, {@code .all}, {@code .retention-days}. Per-source schedules live in {@code
   * config/sources/<source>.yaml} under {@code jobs:}.
   */
  Map<String, Schedule> schedules();

  /** One cron schedule. */
  interface Schedule {
    /** A Quartz cron expression (seconds first), e.g. {@code 0 0 3 * * ?}. */
    String cron();

    /** {@code reindex}, {@code reembed}, {@code sync} or {@code purge}. */
    String type();

    /** The source; absent only for a purge of every source. */
    Optional<String> source();

    /** reindex/reembed: every record, not only outdated ones. */
    @WithDefault("false")
    boolean all();

    /** purge: the tombstones' retention in days. */
    Optional<Integer> retentionDays();
  }
}
