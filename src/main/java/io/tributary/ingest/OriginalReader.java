package io.tributary.ingest;

import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import java.util.Optional;

/**
 * Reads a record's original again from where it came, for a reindex: the service keeps only
 * redacted records, so re-processing under a new policy starts from the original.
 *
 * <p>Contract: thread-safe CDI beans, one per transport; {@link #read} never returns {@code null}
 * and does not ingest anything itself. A transport without a reader (HTTP keeps no payload) leaves
 * the record to its sender, reported as {@code needsResend}.
 */
public interface OriginalReader {

  /** Whether this reader can read originals of this origin. */
  boolean handles(Origin origin);

  /**
   * The original of record {@code recordId} as an ingest item of {@code source}, with its original
   * origin; empty when it is gone (topic retention, file deleted).
   */
  Optional<IngestItem> read(String source, String recordId, Origin origin);
}
