package io.tributary.deadletter;

import io.tributary.model.Origin;
import java.time.Instant;

/** An open dead letter as the API shows it: no payload, a redacted preview at most. */
public record DeadLetterEntry(
    long id,
    String source,
    String recordId,
    String stage,
    String reason,
    String errorClass,
    Origin origin,
    Instant createdAt) {}
