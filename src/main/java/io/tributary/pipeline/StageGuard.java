package io.tributary.pipeline;

import java.util.function.Supplier;

/**
 * Runs one pure stage (redaction, rendering, chunking, parsing) on one record. Whatever the stage
 * throws that is not one of the three error kinds, an {@link Error} included (a detector's {@link
 * StackOverflowError}, a parser's {@link OutOfMemoryError}), is a failure of this record's input,
 * not of the batch: it becomes a {@link PoisonRecordException} of the stage, so the record is
 * dead-lettered with the reason and its neighbours go on. The record's content is never part of the
 * reason.
 */
public final class StageGuard {

  private StageGuard() {}

  public static <T> T run(StageName stage, Supplier<T> work) {
    try {
      return work.get();
    } catch (PipelineException e) {
      throw e;
    } catch (Throwable t) { // NOPMD: an Error of one record must not kill the consumer thread
      throw new PoisonRecordException(stage, failure(stage, t), t);
    }
  }

  /** The reason a stage failed on a record: the stage and the kind of failure, no content. */
  public static String failure(StageName stage, Throwable t) {
    return stage.name().toLowerCase(java.util.Locale.ROOT)
        + " failed on this record ("
        + t.getClass().getSimpleName()
        + ")";
  }
}
