package io.tributary.model;

/** What a record's text is: free text of a structured record, or a parsed document in markup. */
public enum RecordKind {
  /** Fields and free text, rendered by a template and chunked by sentences. */
  RECORD,
  /** A parsed file: its text is {@link DocumentMarkup}, chunked along its structure. */
  DOCUMENT
}
