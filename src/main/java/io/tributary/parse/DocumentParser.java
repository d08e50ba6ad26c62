package io.tributary.parse;

import io.tributary.model.DocumentInput;
import io.tributary.model.ParsedDocument;
import java.util.List;

/**
 * The parse stage: turns a file into text with its structure, one {@link ParsedDocument} for the
 * file and one per attachment or archive entry that carries text.
 *
 * <p>Contract: thread-safe; never throws for a bad file — a file that cannot be indexed comes back
 * as a root whose {@link ParsedDocument#rejection()} says why, in words a user accepts and without
 * any of the file's content; a bad attachment is rejected alone. Never runs longer than its time
 * limit.
 */
public interface DocumentParser {

  /** The file first, then its parts; never empty. */
  List<ParsedDocument> parse(DocumentInput input);

  /** Identifies the parser and its settings; changes when output would. */
  String version();
}
