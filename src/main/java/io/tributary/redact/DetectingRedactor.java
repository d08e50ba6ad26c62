package io.tributary.redact;

import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.EntityType;
import io.tributary.model.RedactedRecord;
import io.tributary.model.RedactionReport;
import io.tributary.model.Sha256;
import io.tributary.model.SourceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field policies first, then detectors over whatever is scanned. Overlapping findings are merged into
 * one replaced span that covers them all, so no part of any finding survives; it is labelled with
 * the longest finding's type, on a tie the type of the detector listed first (the most specific).
 * A {@code null} field or metadata value stays {@code null}.
 */
public final class DetectingRedactor implements Redactor {

  /** Bump when a detector changes what it finds: stored records are then re-processed. */
  static final String DETECTORS_VERSION = "detectors-2";

  static final String MASKED_FIELD = "[REDACTED]";

  private final List<Detector> detectors;
  private final Pseudonymizer pseudonymizer;
  private final String version;

  public DetectingRedactor(List<Detector> detectors, Pseudonymizer pseudonymizer) {
    this.detectors = List.copyOf(detectors);
    this.pseudonymizer = pseudonymizer;
    StringBuilder id = new StringBuilder(DETECTORS_VERSION);
    this.detectors.forEach(d -> id.append(',').append(d.type()));
    id.append(",key=").append(pseudonymizer.keyFingerprint());
    this.version = Sha256.hex(id.toString()).substring(0, 16);
  }

  /** The shipped detectors, most specific first. */
  public static List<Detector> standardDetectors() {
    return List.of(
        new EmailDetector(),
        new IbanDetector(),
        new CreditCardDetector(),
        new UsSsnDetector(),
        new IpAddressDetector(),
        new PhoneDetector());
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public RedactedRecord redact(SourceRecord record, SourceSettings settings) {
    EnumMap<EntityType, Integer> counts = new EnumMap<>(EntityType.class);
    FieldAction textAction = settings.textAction();
    Map<String, String> fields = new LinkedHashMap<>();
    record
        .fields()
        .forEach(
            (path, value) -> {
              switch (settings.actionFor(path)) {
                case DROP -> counts.merge(EntityType.DROPPED_FIELD, 1, Integer::sum);
                case MASK -> {
                  fields.put(path, MASKED_FIELD);
                  counts.merge(EntityType.MASKED_FIELD, 1, Integer::sum);
                }
                case HASH -> {
                  fields.put(path, value == null ? null : "hmac:" + pseudonymizer.pseudonym(value));
                  counts.merge(EntityType.HASHED_FIELD, 1, Integer::sum);
                }
                case KEEP -> fields.put(path, value);
                case SCAN -> fields.put(path, scan(value, textAction, counts));
              }
            });
    String text = record.text() == null ? null : scan(record.text(), textAction, counts);
    Map<String, String> metadata = new LinkedHashMap<>();
    record.metadata().forEach((k, v) -> metadata.put(k, scan(v, textAction, counts)));
    String policyVersion = Sha256.hex(version + "|" + settings.fingerprint()).substring(0, 16);
    return new RedactedRecord(record, fields, text, metadata, RedactionReport.of(counts), policyVersion);
  }

  @Override
  public RedactedText redactText(String text) {
    EnumMap<EntityType, Integer> counts = new EnumMap<>(EntityType.class);
    String redacted = scan(text, FieldAction.MASK, counts);
    return new RedactedText(redacted, counts);
  }

  private String scan(String text, FieldAction action, EnumMap<EntityType, Integer> counts) {
    if (text == null) {
      return null;
    }
    List<Finding> findings = resolve(text);
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      out.append('[').append(f.type().name());
      if (action == FieldAction.HASH) {
        out.append(':').append(pseudonymizer.pseudonym(text.substring(f.start(), f.end())));
      }
      out.append(']');
      at = f.end();
      counts.merge(f.type(), 1, Integer::sum);
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  /** All detectors' findings, overlapping ones merged, in ascending order. */
  List<Finding> resolve(String text) {
    List<Finding> all = new ArrayList<>();
    for (Detector d : detectors) {
      all.addAll(d.find(text));
    }
    all.sort(Comparator.comparingInt(Finding::start));
    Comparator<Finding> better =
        Comparator.comparingInt(Finding::length).thenComparingInt(f -> -priority(f.type()));
    List<Finding> merged = new ArrayList<>();
    int i = 0;
    while (i < all.size()) {
      Finding best = all.get(i);
      int end = best.end();
      int j = i + 1;
      for (; j < all.size() && all.get(j).start() < end; j++) {
        Finding f = all.get(j);
        end = Math.max(end, f.end());
        if (better.compare(f, best) > 0) {
          best = f;
        }
      }
      merged.add(new Finding(all.get(i).start(), end, best.type()));
      i = j;
    }
    return merged;
  }

  private int priority(EntityType type) {
    for (int i = 0; i < detectors.size(); i++) {
      if (detectors.get(i).type() == type) {
        return i;
      }
    }
    return detectors.size();
  }
}
