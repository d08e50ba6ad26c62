package io.tributary.model;

import java.util.Objects;

/**
 * What happened to one record of a batch.
 *
 * @param id the record id as the source sent it (may be {@code null} when the record had none)
 * @param status outcome
 * @param chunks number of chunks now stored for the record
 * @param error the reason for a rejection or conflict, else {@code null}; never contains field
 *     values
 * @param stage the stage that rejected the record, else {@code null}
 * @param errorClass the exception class behind a rejection or conflict, or {@code null}
 */
public record RecordOutcome(
    String id, IngestStatus status, int chunks, String error, String stage, String errorClass) {

  public RecordOutcome {
    Objects.requireNonNull(status, "status");
  }

  public static RecordOutcome of(String id, IngestStatus status, int chunks) {
    return new RecordOutcome(id, status, chunks, null, null, null);
  }

  public static RecordOutcome rejected(String id, String reason, String stage, String errorClass) {
    return new RecordOutcome(id, IngestStatus.REJECTED, 0, reason, stage, errorClass);
  }

  public static RecordOutcome conflict(String id, String reason, String stage, String errorClass) {
    return new RecordOutcome(id, IngestStatus.CONFLICT, 0, reason, stage, errorClass);
  }

  /** Rejected or conflict: the record was dead-lettered, nothing of it stored. */
  public boolean deadLettered() {
    return status == IngestStatus.REJECTED || status == IngestStatus.CONFLICT;
  }
}
