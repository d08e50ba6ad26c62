package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Finds one kind of sensitive value in a text.
 *
 * <p>Contract: stateless and thread-safe; never returns {@code null}; findings are in ascending
 * order of start and may overlap findings of other detectors (the redactor resolves overlaps).
 * Validation (checksums, ranges) happens here, so that a finding is a value worth redacting.
 */
public interface Detector {

  EntityType type();

  /**
   * Every type its findings may have: {@link #type()} unless the detector labels findings of
   * several types. The redactor ranks a finding by the first detector that lists its type.
   */
  default Set<EntityType> types() {
    return Set.of(type());
  }

  List<Finding> find(String text);
}
