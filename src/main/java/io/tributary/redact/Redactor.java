package io.tributary.redact;

import io.tributary.config.SourceSettings;
import io.tributary.model.RecordKey;
import io.tributary.model.RedactedRecord;
import io.tributary.model.Sha256;
import io.tributary.model.SourceRecord;

/**
 * The redaction stage: removes or replaces sensitive values before anything is rendered, embedded,
 * stored or logged.
 *
 * <p>Contract: thread-safe; never mutates its input; the result contains no value a detector found
 * or a field policy removed, only placeholders, pseudonyms and counts.
 */
public interface Redactor {

  /** Redacts a record's fields, text and metadata under its source's policy. */
  RedactedRecord redact(SourceRecord record, SourceSettings settings);

  /**
   * A keyed digest of everything of a raw record that redaction and rendering read: its key, kind,
   * fields, text, ACL and metadata, never its version or origin. Under one {@link #policyVersion},
   * records with equal digests redact to equal records, so a store that keeps the digest of what it
   * holds can tell an unchanged delivery without redacting it. Keyed (never a plain hash of raw
   * values): the digest is stored, the key is not.
   */
  String rawDigest(SourceRecord record);

  /** Redacts a free text (a search query, a dead-letter preview) with the detectors, masking. */
  RedactedText redactText(String text);

  /**
   * Redacts a name that becomes part of an identifier (an attachment's name inside a file): each
   * detected value becomes its keyed pseudonym, so the result is stable and two different names
   * stay two different identifiers.
   */
  String redactIdentifier(String text);

  /**
   * A record id as Tributary stores, logs, audits and returns it: {@link #redactIdentifier redacted
   * as an identifier} and bounded to {@link RecordKey#MAX_ID_LENGTH} (a long result keeps its start
   * and a hash of the whole). Stable: the same id always maps to the same stored id, so lookups by
   * id apply it too.
   */
  default String redactRecordId(String id) {
    String redacted = redactIdentifier(id);
    if (redacted.length() > RecordKey.MAX_ID_LENGTH) {
      redacted =
          redacted.substring(0, RecordKey.MAX_ID_LENGTH - 18)
              + "~"
              + Sha256.hex(redacted).substring(0, 16);
    }
    return redacted;
  }

  /**
   * Redacts a raw payload that could not be ingested (a dead letter's preview or topic value) under
   * the source's field policy, as its record would have been: see {@link PayloadRedaction}.
   */
  String redactPayload(String raw, SourceSettings settings);

  /**
   * Identifies detectors, their order and the pseudonym key; changes when redaction output would.
   */
  String version();

  /**
   * The policy version a record redacted under these settings gets ({@link
   * RedactedRecord#policyVersion()}): this redactor's version and the settings' fingerprint.
   */
  String policyVersion(SourceSettings settings);
}
