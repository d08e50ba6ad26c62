package io.tributary.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A background job and where it stands, as {@code GET /v1/jobs/{id}} shows it. This JSON is a
 * public contract (the operator console reads it): fields are only ever added.
 *
 * @param id job id
 * @param type {@code reindex}, {@code reembed}, {@code sync} or {@code purge}
 * @param source the source it works on, or {@code null} (a purge of every source)
 * @param state {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code
 *     cancelled}; a running job whose instance died is resumed from its checkpoint, so it stays
 *     {@code running}
 * @param params the typed parameters it was started with
 * @param trigger {@code api} (a caller) or {@code schedule} (a cron schedule)
 * @param actor who started it (the audit actor), or {@code null}
 * @param pipelineVersion the pipeline versions records are brought to (reindex), or {@code null}
 * @param progress processed and total, rate and ETA
 * @param counts outcome counts, per job type (e.g. {@code indexed}, {@code unchanged}, {@code
 *     needsResend}, {@code reused}, {@code purged})
 * @param needsResend ids of records whose original cannot be read again; at most {@link
 *     #MAX_LISTED}
 * @param errors per-record errors, at most {@link #MAX_ERRORS}
 * @param error why the job failed or was cancelled, or {@code null}
 * @param resumes how many times it was resumed from its checkpoint after its instance stopped
 * @param cancelRequested whether a cancel was asked and the job has not stopped yet
 * @param createdAt when it was queued
 * @param startedAt when it first ran, or {@code null} while queued
 * @param updatedAt last change or checkpoint
 * @param finishedAt end, or {@code null} while queued or running
 */
@Schema(
    name = "Job",
    description =
        "A background job (reindex, reembed, sync, purge) and where it stands. Fields are only"
            + " ever added.")
public record Job(
    long id,
    @Schema(
            description = "The job type.",
            enumeration = {"reindex", "reembed", "sync", "purge"})
        String type,
    @Schema(description = "The source it works on; null for a purge of every source.")
        String source,
    @Schema(
            description =
                "`queued`, `running`, `succeeded`, `failed` or `cancelled`. A job whose instance"
                    + " stopped is resumed from its checkpoint (see `resumes`).",
            enumeration = {"queued", "running", "succeeded", "failed", "cancelled"})
        String state,
    @Schema(description = "The typed parameters it was started with.") JobParams params,
    @Schema(
            description = "`api` (a caller) or `schedule` (a cron schedule).",
            enumeration = {"api", "schedule"})
        String trigger,
    @Schema(description = "Who started it (the audit actor), or null.") String actor,
    @Schema(description = "Pipeline versions a reindex brings records to, or null.")
        String pipelineVersion,
    @Schema(description = "Processed and total, rate and ETA.") JobProgress progress,
    @Schema(
            description =
                "Outcome counts, per job type: reindex `selected`, `indexed`, `unchanged`, `stale`,"
                    + " `rejected`, `needsResend`, `fromOriginal`, `fromRedacted`; reembed"
                    + " `records`, `chunks`; sync `files`, `indexed`, ...; purge `purged`.")
        Map<String, Long> counts,
    @Schema(
            description =
                "Ids of records whose original cannot be read again (sent over HTTP without"
                    + " encrypted originals, or gone from their topic): their senders must send"
                    + " them again. At most 10,000 listed.")
        List<String> needsResend,
    @Schema(description = "Per-record errors, at most 100 listed.") List<JobError> errors,
    @Schema(description = "Why it failed or was cancelled, or null.") String error,
    @Schema(description = "Times it was resumed from its checkpoint after its instance stopped.")
        int resumes,
    @Schema(description = "A cancel was asked and the job has not stopped yet.")
        boolean cancelRequested,
    @Schema(description = "When it was queued.") Instant createdAt,
    @Schema(description = "When it first ran; null while queued.") Instant startedAt,
    @Schema(description = "Last change or checkpoint.") Instant updatedAt,
    @Schema(description = "Null while queued or running.") Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  /** Every state, for validating filters. */
  public static final Set<String> STATES = Set.of(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED);

  /** Every type, for validating filters. */
  public static final Set<String> TYPES =
      Set.of(JobParams.REINDEX, JobParams.REEMBED, JobParams.SYNC, JobParams.PURGE);

  public static final String API = "api";
  public static final String SCHEDULE = "schedule";

  /** How many record ids a job result lists; the count is exact beyond. */
  public static final int MAX_LISTED = 10_000;

  /** How many per-record errors a job lists; {@code counts.errors} is exact beyond. */
  public static final int MAX_ERRORS = 100;

  public Job {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(progress, "progress");
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    needsResend = needsResend == null ? List.of() : List.copyOf(needsResend);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Whether it is done (succeeded, failed or cancelled). */
  public boolean finished() {
    return !QUEUED.equals(state) && !RUNNING.equals(state);
  }

  /**
   * A record the job could not process, and why (redacted ids and reasons only).
   *
   * @param recordId the record's id, or {@code null} when the error is not a record's
   * @param reason why
   */
  @Schema(name = "JobError", description = "A record the job could not process, and why.")
  public record JobError(String recordId, String reason) {
    public JobError {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
