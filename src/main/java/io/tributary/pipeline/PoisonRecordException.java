package io.tributary.pipeline;

/** This record can never be processed as it is: dead-letter it with the reason and go on. */
public final class PoisonRecordException extends PipelineException {

  public PoisonRecordException(StageName stage, String message) {
    super(stage, message, null);
  }

  public PoisonRecordException(StageName stage, String message, Throwable cause) {
    super(stage, message, cause);
  }
}
