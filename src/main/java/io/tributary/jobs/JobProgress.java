package io.tributary.jobs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job's progress.
 *
 * @param processed items done (records, chunks, files or tombstones, per type)
 * @param total items to do, or {@code null} when not known yet
 * @param ratePerSecond processed per second since the job (last) started running, or {@code null}
 * @param etaSeconds seconds left at that rate, or {@code null} when unknown or finished
 */
@Schema(name = "JobProgress", description = "A job's progress: processed/total, rate, ETA.")
public record JobProgress(
    @Schema(description = "Items done (records, chunks, files or tombstones, per type).")
        long processed,
    @Schema(description = "Items to do; null while not known.") Long total,
    @Schema(description = "Processed per second since the job last started running, or null.")
        Double ratePerSecond,
    @Schema(description = "Seconds left at that rate; null when unknown or finished.")
        Long etaSeconds) {

  /**
   * Progress from the counters: the rate over {@code runningSeconds} of the current run, in which
   * {@code processedThisRun} items were done.
   */
  public static JobProgress of(
      long processed, Long total, long processedThisRun, double runningSeconds, boolean finished) {
    Double rate =
        runningSeconds > 0.5 ? Math.round(processedThisRun / runningSeconds * 10) / 10.0 : null;
    Long eta = null;
    if (!finished && total != null && rate != null && rate > 0) {
      eta = (long) Math.ceil(Math.max(0, total - processed) / rate);
    }
    return new JobProgress(processed, total, rate, eta);
  }
}
