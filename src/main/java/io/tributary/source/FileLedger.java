package io.tributary.source;

import java.time.Instant;
import java.util.Map;

/**
 * What the last sync of a directory source saw of each file: the sync's memory, so that unchanged
 * files are neither read nor parsed again, and files that disappeared are noticed.
 *
 * <p>Contract: thread-safe; each call is its own transaction, so an interrupted sync leaves every
 * file either recorded as done or still pending (and is resumed by the next sync).
 */
public interface FileLedger {

  /**
   * One file as last seen.
   *
   * @param contentHash SHA-256 of the bytes, {@code null} while the file is pending
   * @param status {@code pending}, or the ingest status of the file ({@code indexed}, {@code
   *     unchanged}, {@code rejected})
   * @param acl the principals it was ingested with, comma-separated
   */
  record Entry(
      String path,
      String documentId,
      long size,
      Instant modified,
      String contentHash,
      String status,
      String acl) {
    public boolean done() {
      return contentHash != null && !status.equals("pending");
    }
  }

  /** The source's files by path. */
  Map<String, Entry> entries(String source);

  /** Records a file about to be ingested (status {@code pending}). */
  void pending(String source, String path, String documentId, long size, Instant modified);

  /** Records a file's outcome. */
  void done(String source, Entry entry, String reason);

  /** Forgets a file whose document was deleted. */
  void forget(String source, String path);
}
