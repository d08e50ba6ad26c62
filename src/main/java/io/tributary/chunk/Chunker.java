package io.tributary.chunk;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import java.util.List;

/**
 * Splits a rendered record into chunks the embedding model reads whole.
 *
 * <p>Contract: thread-safe; deterministic (same text, same settings, same chunks and ids); every
 * chunk has at most the configured number of word pieces; a blank text gives an empty list.
 */
public interface Chunker {

  List<Chunk> chunk(RecordKey key, String text);

  /** Identifies the chunking settings; changes when output would. */
  String version();
}
