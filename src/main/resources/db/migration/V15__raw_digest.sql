-- The keyed digest of the raw delivery a record's stored content came from (Redactor.rawDigest):
-- a re-delivery with the same digest under the same pipeline version is recorded as unchanged
-- without being redacted, rendered or chunked again. Keyed with a key the database never sees, so
-- it cannot be used to test guesses of raw values. NULL when unknown (written before V15, kept from
-- a redacted form, or a tombstone): such a record takes the full path once.
ALTER TABLE records ADD COLUMN raw_digest text;
