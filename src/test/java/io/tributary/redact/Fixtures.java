package io.tributary.redact;

import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builders for the redaction unit tests: records, settings and a redactor with a fixed test key.
 */
final class Fixtures {

  static final String KEY = "test-hmac-key-0123456789abcdef-0123456789";
  static final String OTHER_KEY = "another-hmac-key-fedcba9876543210-xyz";

  private Fixtures() {}

  /**
   * The shared corpora: {@code ../shared/corpora} next to the project, or {@code
   * -Dtributary.corpora}.
   */
  static Path corpora() {
    return Path.of(System.getProperty("tributary.corpora", "../shared/corpora"));
  }

  static DetectingRedactor redactor() {
    return redactor(KEY);
  }

  static DetectingRedactor redactor(String key) {
    return new DetectingRedactor(DetectingRedactor.standardDetectors(), new Pseudonymizer(key));
  }

  static SourceSettings settings(Map<String, FieldAction> fields, FieldAction textAction) {
    return new SourceSettings(
        "test", fields, FieldAction.SCAN, textAction, List.of(), "fingerprint-1");
  }

  static SourceSettings scanAll() {
    return settings(Map.of(), FieldAction.MASK);
  }

  static SourceRecord record(
      Map<String, String> fields, String text, Map<String, String> metadata) {
    return new SourceRecord(
        new RecordKey("test", "r-1"),
        null,
        RecordOp.UPSERT,
        fields,
        text,
        List.of(),
        metadata,
        Origin.http());
  }

  static SourceRecord textRecord(String text) {
    return record(Map.of(), text, Map.of());
  }

  /** The substrings a detector reports in a text, in order. */
  static List<String> found(Detector detector, String text) {
    return detector.find(text).stream().map(f -> text.substring(f.start(), f.end())).toList();
  }
}
