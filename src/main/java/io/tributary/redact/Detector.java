package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.List;

/**
 * Finds one kind of sensitive value in a text.
 *
 * <p>Contract: stateless and thread-safe; never returns {@code null}; findings are in ascending
 * order of start and may overlap findings of other detectors (the redactor resolves overlaps).
 * Validation (checksums, ranges) happens here, so that a finding is a value worth redacting.
 */
public interface Detector {

  EntityType type();

  List<Finding> find(String text);
}
