package io.tributary.pipeline;

import java.util.Objects;

/**
 * The store refused a record because its version is stored with other content and the source says
 * {@code equal-version: reject}. Thrown inside the store's transaction, under the record's row
 * lock, so nothing of the record is written; the pipeline reports it as {@code conflict} and
 * dead-letters it. Not a {@link PipelineException}: no stage failed, the source contradicted
 * itself. The message names the version and both content hashes, never content.
 */
public final class VersionConflictException extends RuntimeException {

  private final long version;
  private final String storedHash;
  private final String incomingHash;

  public VersionConflictException(long version, String storedHash, String incomingHash) {
    super(
        "version "
            + version
            + " already stored with different content (stored "
            + prefix(storedHash)
            + ", incoming "
            + prefix(incomingHash)
            + ")");
    this.version = version;
    this.storedHash = Objects.requireNonNull(storedHash, "storedHash");
    this.incomingHash = Objects.requireNonNull(incomingHash, "incomingHash");
  }

  private static String prefix(String hash) {
    return hash.length() <= 12 ? hash : hash.substring(0, 12);
  }

  public long version() {
    return version;
  }

  /** SHA-256 of the stored redacted content. */
  public String storedHash() {
    return storedHash;
  }

  /** SHA-256 of the incoming redacted content. */
  public String incomingHash() {
    return incomingHash;
  }
}
