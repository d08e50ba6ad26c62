package io.tributary.pipeline;

/**
 * The pipeline itself is misconfigured (bad credentials, missing schema, dimension mismatch): no
 * record can succeed until an operator acts. Stop, report DOWN, never dead-letter the records.
 */
public final class FatalPipelineException extends PipelineException {

  public FatalPipelineException(StageName stage, String message, Throwable cause) {
    super(stage, message, cause);
  }
}
