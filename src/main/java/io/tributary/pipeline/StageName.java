package io.tributary.pipeline;

/** The stages of the data's path, named in dead letters, logs and errors. */
public enum StageName {
  SOURCE,
  PARSE,
  REDACT,
  RENDER,
  CHUNK,
  EMBED,
  STORE,
  RETRIEVE
}
