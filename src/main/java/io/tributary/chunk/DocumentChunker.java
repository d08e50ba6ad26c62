package io.tributary.chunk;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import java.util.List;

/**
 * Splits a redacted document, in {@link io.tributary.model.DocumentMarkup}, along its structure.
 *
 * <p>Contract: thread-safe; deterministic; every chunk has at most the configured number of word
 * pieces, starts with the document title and section path it belongs to, and carries its {@code
 * section} and, for paged formats, {@code pages} in {@link Chunk#location()}; a table too long for
 * one chunk is split between rows with its header row repeated.
 */
public interface DocumentChunker {

  List<Chunk> chunk(RecordKey key, String title, String markup);

  /** Identifies the chunking settings; changes when output would. */
  String version();
}
