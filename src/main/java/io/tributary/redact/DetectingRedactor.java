package io.tributary.redact;

import io.tributary.config.EntityOperator;
import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import io.tributary.model.EntityType;
import io.tributary.model.RedactedRecord;
import io.tributary.model.RedactionReport;
import io.tributary.model.Sha256;
import io.tributary.model.SourceRecord;
import io.tributary.redact.fields.FieldClassifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Field policies first, then detectors over whatever is scanned; each detected value is replaced by
 * its type's operator ({@link EntityOperator}). Overlapping findings are merged into one replaced
 * span that covers them all, so no part of any finding survives; it is labelled with the longest
 * finding's type, on a tie the type of the detector listed first (the most specific). A {@code
 * null} field or metadata value stays {@code null}.
 */
public final class DetectingRedactor implements Redactor {

  /** Bump when a detector changes what it finds: stored records are then re-processed. */
  static final String DETECTORS_VERSION = "detectors-10";

  static final String MASKED_FIELD = "[REDACTED]";

  private final List<Detector> detectors;
  private final Pseudonymizer pseudonymizer;
  private final FieldTypes fieldTypes = new FieldTypes(FieldClassifier.shipped());
  private final String version;

  public DetectingRedactor(List<Detector> detectors, Pseudonymizer pseudonymizer) {
    this.detectors = List.copyOf(detectors);
    this.pseudonymizer = pseudonymizer;
    StringBuilder id = new StringBuilder(DETECTORS_VERSION);
    this.detectors.forEach(d -> id.append(',').append(d.type()));
    id.append(",key=").append(pseudonymizer.keyFingerprint());
    this.version = Sha256.hex(id.toString()).substring(0, 16);
  }

  /**
   * The shipped detectors, most specific first: values with a checksum or a fixed shape, then
   * secrets (named by their context or a prefix), dates of birth (named by their context), and the
   * loosest shapes last. The order only labels a span that two detectors find exactly alike.
   */
  public static List<Detector> standardDetectors() {
    return List.of(
        new EmailDetector(),
        new IbanDetector(),
        new CreditCardDetector(),
        new UsSsnDetector(),
        new NationalIdDetector(),
        new SecretDetector(),
        new DateOfBirthDetector(),
        new IpAddressDetector(),
        new PhoneDetector(),
        new PersonDetector(),
        new LocationDetector());
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public RedactedRecord redact(SourceRecord record, SourceSettings settings) {
    Scan scan = new Scan(settings);
    Map<String, String> scanned = new LinkedHashMap<>();
    record
        .fields()
        .forEach(
            (p, v) -> {
              if (settings.actionFor(p) == FieldAction.SCAN) {
                scanned.put(p, v);
              }
            });
    Map<String, List<Finding>> found = new HashMap<>();
    Map<String, EntityType> types = fieldTypes.classify(scanned, settings, this::resolve, found);
    Map<String, String> fields = new LinkedHashMap<>();
    record
        .fields()
        .forEach(
            (givenPath, value) -> {
              // The policy names fields as the source does; the name itself is then an identifier
              // like any other and is stored, rendered and reported redacted.
              FieldAction action = settings.actionFor(givenPath);
              String path = redactIdentifier(givenPath);
              switch (action) {
                case DROP -> scan.count(path, EntityType.DROPPED_FIELD);
                case MASK -> {
                  fields.put(path, MASKED_FIELD);
                  scan.count(path, EntityType.MASKED_FIELD);
                }
                case HASH -> {
                  fields.put(path, value == null ? null : "hmac:" + pseudonymizer.pseudonym(value));
                  scan.count(path, EntityType.HASHED_FIELD);
                }
                case KEEP -> fields.put(path, value);
                case SCAN -> {
                  EntityType type = types.get(givenPath);
                  fields.put(
                      path,
                      type != null
                          ? scan.whole(path, value, type)
                          : scan.apply(path, value, found.get(givenPath)));
                }
              }
            });
    String text = scan.apply("text", record.text());
    Map<String, String> metadata = new LinkedHashMap<>();
    record
        .metadata()
        .forEach(
            (given, v) -> {
              String k = redactIdentifier(given);
              metadata.put(k, scan.apply("metadata." + k, v));
            });
    return new RedactedRecord(
        record, fields, text, metadata, scan.report(), policyVersion(settings));
  }

  @Override
  public String rawDigest(SourceRecord record) {
    StringBuilder canonical = new StringBuilder("raw-record-v1");
    part(canonical, record.kind().name());
    part(canonical, record.key().source());
    part(canonical, record.key().id());
    entries(canonical, record.fields());
    part(canonical, record.text());
    canonical.append("|acl:").append(record.acl().size());
    record.acl().forEach(a -> part(canonical, a));
    entries(canonical, record.metadata());
    return pseudonymizer.digest(canonical.toString());
  }

  private static void entries(StringBuilder canonical, Map<String, String> map) {
    canonical.append("|map:").append(map.size());
    map.forEach(
        (k, v) -> {
          part(canonical, k);
          part(canonical, v);
        });
  }

  /** A nullable text, length-prefixed, so no two different records share a canonical form. */
  private static void part(StringBuilder canonical, String value) {
    if (value == null) {
      canonical.append("|-");
    } else {
      canonical.append('|').append(value.length()).append(':').append(value);
    }
  }

  @Override
  public String policyVersion(SourceSettings settings) {
    return Sha256.hex(version + "|" + settings.fingerprint()).substring(0, 16);
  }

  @Override
  public String redactIdentifier(String text) {
    if (text == null) {
      return null;
    }
    // Pseudonyms already in the text are kept as they are, so that redacting an id twice (a reindex
    // re-reads a stored id) gives the same id: the mapping is idempotent.
    Scan scan = new Scan(null, EntityOperator.HASH);
    Matcher m = PSEUDONYM.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    while (m.find()) {
      out.append(scan.apply("id", text.substring(at, m.start()))).append(m.group());
      at = m.end();
    }
    return at == 0
        ? scan.apply("id", text)
        : out.append(scan.apply("id", text.substring(at))).toString();
  }

  /** A value's keyed pseudonym as {@link EntityOperator#HASH} writes it: {@code [TYPE:hex]}. */
  private static final Pattern PSEUDONYM =
      Pattern.compile("\\[[A-Z_]{1,32}:[0-9a-f]{" + Pseudonymizer.PSEUDONYM_HEX_CHARS + "}\\]");

  @Override
  public String redactPayload(String raw, SourceSettings settings) {
    return new PayloadRedaction(
            settings,
            t -> redactText(t).text(),
            this::redactIdentifier,
            pseudonymizer::pseudonym,
            (path, value) -> {
              EntityType type = fieldTypes.byName(path, settings);
              return type == null ? null : new Scan(settings).whole(path, value, type);
            })
        .redact(raw);
  }

  @Override
  public RedactedText redactText(String text) {
    Scan scan = new Scan(null);
    String redacted = scan.apply("text", text);
    return new RedactedText(redacted, scan.counts);
  }

  /**
   * One record's redaction: counts by type and by field, and the numbering of {@link
   * EntityOperator#REPLACE} placeholders (the same value, the same number, within the record).
   */
  private final class Scan {
    private final SourceSettings settings;
    final EnumMap<EntityType, Integer> counts = new EnumMap<>(EntityType.class);
    private final Map<String, Map<String, Integer>> byField = new LinkedHashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final EnumMap<EntityType, Integer> perType = new EnumMap<>(EntityType.class);

    /** Operator for every type when there are no settings. */
    private final EntityOperator fallback;

    Scan(SourceSettings settings) {
      this(settings, EntityOperator.REDACT);
    }

    Scan(SourceSettings settings, EntityOperator fallback) {
      this.settings = settings;
      this.fallback = fallback;
    }

    void count(String field, EntityType type) {
      counts.merge(type, 1, Integer::sum);
      byField
          .computeIfAbsent(field, f -> new LinkedHashMap<>())
          .merge(type.name(), 1, Integer::sum);
    }

    RedactionReport report() {
      Map<String, Integer> byType = new LinkedHashMap<>();
      counts.forEach((type, n) -> byType.put(type.name(), n));
      return new RedactionReport(byType, byField);
    }

    /**
     * A classified field's value: replaced whole by its type's operator, and the field named in the
     * report with its type ({@link RedactionReport#CLASSIFIED_AS}).
     */
    String whole(String field, String value, EntityType type) {
      byField
          .computeIfAbsent(field, f -> new LinkedHashMap<>())
          .put(RedactionReport.CLASSIFIED_AS + type.name(), 1);
      if (value == null || value.isEmpty()) {
        return value;
      }
      EntityOperator op = settings == null ? fallback : settings.operatorFor(type.name());
      if (op == EntityOperator.KEEP) {
        return value;
      }
      count(field, type);
      return replacement(op, type, value);
    }

    String apply(String field, String text) {
      return apply(field, text, null);
    }

    /**
     * @param known the text's findings when they were already resolved, else {@code null}
     */
    String apply(String field, String text, List<Finding> known) {
      if (text == null) {
        return null;
      }
      List<Finding> findings = known != null ? known : resolve(text);
      if (findings.isEmpty()) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int at = 0;
      for (Finding f : findings) {
        out.append(text, at, f.start());
        String value = text.substring(f.start(), f.end());
        EntityOperator op = settings == null ? fallback : settings.operatorFor(f.type().name());
        out.append(replacement(op, f.type(), value));
        at = f.end();
        if (op != EntityOperator.KEEP) {
          count(field, f.type());
        }
      }
      out.append(text, at, text.length());
      return out.toString();
    }

    private String replacement(EntityOperator op, EntityType type, String value) {
      return switch (op) {
        case REDACT -> "[" + type.name() + "]";
        case REPLACE ->
            "<"
                + type.name()
                + "_"
                + numbers.computeIfAbsent(
                    type.name() + '\u0000' + NormalizedText.of(value).view(),
                    k -> perType.merge(type, 1, Integer::sum))
                + ">";
        case MASK -> maskAllButLastFour(value);
        case HASH ->
            "["
                + type.name()
                + ":"
                + pseudonymizer.pseudonym(NormalizedText.of(value).view())
                + "]";
        case DROP -> "";
        case KEEP -> value;
      };
    }
  }

  /** Stars every letter and digit but the last four; separators stay, so the shape still reads. */
  static String maskAllButLastFour(String value) {
    int alnum = 0;
    for (int i = 0; i < value.length(); i++) {
      alnum += Character.isLetterOrDigit(value.charAt(i)) ? 1 : 0;
    }
    StringBuilder out = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        seen++;
        out.append(seen > alnum - 4 && alnum > 8 ? c : '*');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * All detectors' findings, overlapping ones merged, in ascending order, at the text's own
   * positions; the detectors read its {@link NormalizedText normalised view}.
   */
  List<Finding> resolve(String text) {
    NormalizedText normalized = NormalizedText.of(text);
    List<Finding> merged = resolveView(normalized.view());
    if (normalized.identity()) {
      return merged;
    }
    List<Finding> mapped = new ArrayList<>(merged.size());
    for (Finding f : merged) {
      mapped.add(
          new Finding(
              normalized.originalStart(f.start()), normalized.originalEnd(f.end()), f.type()));
    }
    return mapped;
  }

  private List<Finding> resolveView(String text) {
    List<Finding> all =
        Words.sharedFor(
            text,
            () -> {
              List<Finding> found = new ArrayList<>();
              for (Detector d : detectors) {
                found.addAll(d.find(text));
              }
              return found;
            });
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
      if (detectors.get(i).types().contains(type)) {
        return i;
      }
    }
    return detectors.size();
  }
}
