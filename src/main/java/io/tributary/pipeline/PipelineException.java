package io.tributary.pipeline;

import java.util.Objects;

/**
 * Base of the three error kinds. The kind is chosen by exception type or SQLState, never by message
 * text; messages name stages, ids and hashes, never record content.
 */
public abstract sealed class PipelineException extends RuntimeException
    permits PoisonRecordException, RetriableException, FatalPipelineException {

  private final StageName stage;

  protected PipelineException(StageName stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  public StageName stage() {
    return stage;
  }

  /** The class of the root cause, as dead-letter headers carry it. */
  public String causeClass() {
    Throwable t = this;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getName();
  }
}
