package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a source's Kafka messages become records: the format and, for formats other than {@code
 * tributary}, where the id, version, text, ACL and metadata are found (docs/sources.md). Parsed
 * from the source's file when it is first read; a wrong key fails with the key named.
 *
 * @param format the message format
 * @param idFrom where the id fields are read
 * @param idFields the id's fields, joined with {@code ':'}; empty = the whole (plain string) key
 * @param version how a record's version is found
 * @param versionField the field of {@link VersionFrom#FIELD}, else {@code null}
 * @param textFields fields whose values are the record's free text
 * @param aclField field holding principals, or {@code null}
 * @param aclConstants principals every record gets
 * @param metadataFields fields copied into the record's metadata
 * @param template template name in the templates folder, or {@code null} for the source's name
 * @param types encodings of fields that arrive without a schema, by field name
 */
public record RecordMapping(
    MessageFormatName format,
    IdFrom idFrom,
    List<String> idFields,
    VersionFrom version,
    String versionField,
    List<String> textFields,
    String aclField,
    List<String> aclConstants,
    List<String> metadataFields,
    String template,
    Map<String, String> types) {

  /** Where the id is read. */
  public enum IdFrom {
    KEY,
    VALUE
  }

  /** Where the version is read. */
  public enum VersionFrom {
    /** No version: arrival order. */
    NONE,
    /** Debezium {@code source.lsn}. */
    LSN,
    /** Debezium {@code source.ts_ms} with the Kafka offset as tie-breaker. */
    TS_MS,
    /** A non-negative integer field of the row. */
    FIELD
  }

  /** Multiplier of {@code ts_ms} versions: the offset modulo this breaks ties. */
  public static final long TS_MS_SCALE = 1_000_000L;

  /** Field encodings {@code types:} may name. */
  public static final Set<String> TYPE_HINTS =
      Set.of(
          "date",
          "time-millis",
          "time-micros",
          "time-nanos",
          "timestamp-millis",
          "timestamp-micros",
          "timestamp-nanos");

  private static final Pattern DECIMAL_HINT = Pattern.compile("decimal:(0|[1-9][0-9]?)");

  /** Keys of a source file that only formats other than {@code tributary} read. */
  private static final List<String> MAPPING_KEYS =
      List.of("id", "version", "text-fields", "acl", "metadata", "types");

  /** Tributary's own format: everything comes from the record JSON. */
  public static final RecordMapping TRIBUTARY =
      new RecordMapping(
          MessageFormatName.TRIBUTARY,
          IdFrom.KEY,
          List.of(),
          VersionFrom.NONE,
          null,
          List.of(),
          null,
          List.of(),
          List.of(),
          null,
          Map.of());

  public RecordMapping {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(idFrom, "idFrom");
    Objects.requireNonNull(version, "version");
    idFields = List.copyOf(idFields);
    textFields = List.copyOf(textFields);
    aclConstants = List.copyOf(aclConstants);
    metadataFields = List.copyOf(metadataFields);
    types = Map.copyOf(types);
    if (version == VersionFrom.FIELD && (versionField == null || versionField.isBlank())) {
      throw new IllegalArgumentException("version.from field:<name> needs a field name");
    }
  }

  /**
   * The mapping of a merged source file ({@code text:} as a list already moved to {@code
   * text-fields} by the merge).
   *
   * @throws IllegalArgumentException naming the key that is wrong
   */
  public static RecordMapping parse(JsonNode root) {
    JsonNode formatNode = root.path("format");
    MessageFormatName format =
        formatNode.isMissingNode() || formatNode.isNull()
            ? MessageFormatName.TRIBUTARY
            : MessageFormatName.parse(text(formatNode, "format"));
    String template = optionalName(root.path("template"), "template");
    if (format == MessageFormatName.TRIBUTARY) {
      for (String key : MAPPING_KEYS) {
        if (!root.path(key).isMissingNode()) {
          throw new IllegalArgumentException(
              "key '"
                  + key
                  + "' needs format debezium, connect-json or json (format is tributary)");
        }
      }
      return template == null
          ? TRIBUTARY
          : new RecordMapping(
              format,
              IdFrom.KEY,
              List.of(),
              VersionFrom.NONE,
              null,
              List.of(),
              null,
              List.of(),
              List.of(),
              template,
              Map.of());
    }
    JsonNode id = root.path("id");
    requireObjectOrMissing(id, "id");
    IdFrom idFrom = IdFrom.KEY;
    if (!id.path("from").isMissingNode()) {
      idFrom =
          switch (text(id.path("from"), "id.from")) {
            case "key" -> IdFrom.KEY;
            case "value" -> IdFrom.VALUE;
            default -> throw new IllegalArgumentException("id.from must be key or value");
          };
    }
    List<String> idFields = names(id.path("fields"), "id.fields");
    if (idFields.isEmpty() && idFrom == IdFrom.VALUE) {
      throw new IllegalArgumentException("id.fields must name at least one field of the value");
    }
    JsonNode versionNode = root.path("version");
    requireObjectOrMissing(versionNode, "version");
    String versionFrom =
        versionNode.path("from").isMissingNode()
            ? (format == MessageFormatName.DEBEZIUM ? "lsn" : "none")
            : text(versionNode.path("from"), "version.from");
    VersionFrom version;
    String versionField = null;
    if (versionFrom.startsWith("field:")) {
      version = VersionFrom.FIELD;
      versionField = versionFrom.substring("field:".length()).trim();
    } else {
      version =
          switch (versionFrom) {
            case "none" -> VersionFrom.NONE;
            case "lsn" -> VersionFrom.LSN;
            case "ts_ms" -> VersionFrom.TS_MS;
            default ->
                throw new IllegalArgumentException(
                    "version.from must be lsn, ts_ms, field:<name> or none");
          };
      if (version != VersionFrom.NONE && format != MessageFormatName.DEBEZIUM) {
        throw new IllegalArgumentException(
            "version.from " + versionFrom + " needs format debezium; use field:<name> or none");
      }
    }
    JsonNode acl = root.path("acl");
    requireObjectOrMissing(acl, "acl");
    for (Iterator<String> keys = acl.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("field") && !key.equals("constants")) {
        throw new IllegalArgumentException("acl." + key + " is unknown; use field or constants");
      }
    }
    List<String> constants = names(acl.path("constants"), "acl.constants");
    Map<String, String> types = new LinkedHashMap<>();
    JsonNode typesNode = root.path("types");
    requireObjectOrMissing(typesNode, "types");
    typesNode
        .fields()
        .forEachRemaining(
            e -> {
              String hint = text(e.getValue(), "types." + e.getKey());
              if (!TYPE_HINTS.contains(hint) && !DECIMAL_HINT.matcher(hint).matches()) {
                throw new IllegalArgumentException(
                    "types."
                        + e.getKey()
                        + " must be decimal:<scale>, date, time-millis|micros|nanos or"
                        + " timestamp-millis|micros|nanos");
              }
              types.put(e.getKey(), hint);
            });
    return new RecordMapping(
        format,
        idFrom,
        idFields,
        version,
        versionField,
        names(root.path("text-fields"), "text"),
        optionalName(acl.path("field"), "acl.field"),
        constants,
        names(root.path("metadata"), "metadata"),
        template,
        types);
  }

  /** The template name to render this source's records with. */
  public String templateOr(String source) {
    return template == null ? source : template;
  }

  private static void requireObjectOrMissing(JsonNode node, String key) {
    if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
      throw new IllegalArgumentException(key + " must be a mapping ({...})");
    }
  }

  private static String text(JsonNode node, String key) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(key + " must be a non-blank string");
    }
    return node.asText().trim();
  }

  private static String optionalName(JsonNode node, String key) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String name = text(node, key);
    if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException(key + " must be a plain name, not a path");
    }
    return name;
  }

  private static List<String> names(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(key + " must be a list of field names");
    }
    for (JsonNode n : node) {
      out.add(text(n, key + "[]"));
    }
    return out;
  }
}
