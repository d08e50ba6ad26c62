package io.tributary.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A background job and where it stands, as {@code GET /v1/jobs/{id}} shows it.
 *
 * @param id job id
 * @param kind {@code reindex}
 * @param source the source it works on
 * @param status {@code running}, {@code succeeded}, {@code failed}, or {@code interrupted} (the
 *     instance stopped while it ran)
 * @param actor who started it, or {@code null}
 * @param pipelineVersion the pipeline version records are brought to
 * @param counts progress: {@code selected} records, then the ingest outcomes of the re-processed
 *     ones ({@code indexed}, {@code unchanged}, {@code stale}, {@code rejected}) and {@code
 *     needsResend}
 * @param needsResend ids of records whose original cannot be read again (sent over HTTP, or gone
 *     from their topic): their senders must send them again; at most {@link #MAX_LISTED}
 * @param error why it failed, or {@code null}
 * @param startedAt start
 * @param updatedAt last progress
 * @param finishedAt end, or {@code null} while running
 */
@Schema(name = "Job", description = "A background job (a reindex) and where it stands.")
public record Job(
    long id,
    @Schema(description = "`reindex`.") String kind,
    @Schema(description = "The source it works on.") String source,
    @Schema(
            description =
                "`running`, `succeeded`, `failed`, or `interrupted` (the instance stopped while it"
                    + " ran).",
            enumeration = {"running", "succeeded", "failed", "interrupted"})
        String status,
    @Schema(description = "Who started it (the audit actor), or null.") String actor,
    @Schema(description = "The pipeline version records are brought to.") String pipelineVersion,
    @Schema(
            description =
                "Progress: `selected` records, then the outcomes of the re-processed ones"
                    + " (`indexed`, `unchanged`, `stale`, `rejected`), `needsResend`, and the"
                    + " vectors taken from the embedding cache (`vectorsReused`) or computed"
                    + " (`vectorsComputed`).")
        Map<String, Integer> counts,
    @Schema(
            description =
                "Ids of records whose original cannot be read again (sent over HTTP, or gone from"
                    + " their topic): their senders must send them again. At most 10,000 listed.")
        List<String> needsResend,
    @Schema(description = "Why it failed, or null.") String error,
    Instant startedAt,
    @Schema(description = "Last progress.") Instant updatedAt,
    @Schema(description = "Null while running.") Instant finishedAt) {

  public static final String REINDEX = "reindex";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String INTERRUPTED = "interrupted";

  /** How many record ids a job result lists; the count is exact beyond. */
  public static final int MAX_LISTED = 10_000;

  public Job {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    needsResend = needsResend == null ? List.of() : List.copyOf(needsResend);
  }
}
