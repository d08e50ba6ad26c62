package io.tributary.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record after redaction: what remains is safe to render, embed and store.
 *
 * @param source the record as delivered (kept only for its key, version and origin)
 * @param fields redacted fields in source order (dropped fields are absent)
 * @param text redacted free text, or {@code null}
 * @param metadata redacted metadata
 * @param report counts of what was redacted
 * @param policyVersion hash of the redaction policy applied
 */
public record RedactedRecord(
    SourceRecord source,
    Map<String, String> fields,
    String text,
    Map<String, String> metadata,
    RedactionReport report,
    String policyVersion) {

  public RedactedRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(policyVersion, "policyVersion");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public RecordKey key() {
    return source.key();
  }

  public List<String> acl() {
    return source.acl();
  }
}
