package io.tributary.pipeline;

/**
 * A transient fault of a dependency (database unreachable, embedding endpoint timeout, 429, 5xx):
 * the same work may succeed later. Callers back off and retry; nothing is dead-lettered.
 */
public final class RetriableException extends PipelineException {

  public RetriableException(StageName stage, String message, Throwable cause) {
    super(stage, message, cause);
  }
}
