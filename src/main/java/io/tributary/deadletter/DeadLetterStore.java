package io.tributary.deadletter;

import io.tributary.pipeline.DeadLetters;
import java.util.List;
import java.util.Optional;

/** Dead letters for operators: list, find, resolve. Resolved letters are kept, never deleted. */
public interface DeadLetterStore extends DeadLetters {

  /**
   * Open letters of a source (all sources when {@code null}) with id greater than {@code after},
   * oldest first.
   */
  List<DeadLetterEntry> list(String source, long after, int limit);

  /** An open letter. */
  Optional<DeadLetterEntry> find(long id);

  /** Closes an open letter with a resolution; false when there is no such open letter. */
  boolean resolve(long id, String resolution);
}
