package io.tributary.deadletter;

import io.tributary.model.Origin;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An open dead letter as the API shows it: no payload, a redacted preview at most. */
@Schema(
    name = "DeadLetter",
    description = "An open dead letter: what failed where and why; never the payload.")
public record DeadLetterEntry(
    long id,
    String source,
    @Schema(description = "The record's id as stored (redacted as ingest redacts ids), or null.")
        String recordId,
    @Schema(
            description = "The stage that refused it.",
            enumeration = {
              "SOURCE",
              "PARSE",
              "REDACT",
              "RENDER",
              "CHUNK",
              "EMBED",
              "STORE",
              "RETRIEVE"
            })
        String stage,
    @Schema(description = "Why; names properties and limits, never values.") String reason,
    String errorClass,
    Origin origin,
    Instant createdAt) {}
