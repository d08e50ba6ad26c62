package io.tributary.source.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.RecordMapping;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the JSON formats share: parsing a value within the size limit, unwrapping Kafka Connect's
 * {@code {"schema":…,"payload":…}}, reading the id from the key or the row, and building the {@link
 * SourceRecord} by the source's {@link RecordMapping}. Immutable and thread-safe.
 */
final class RowMapper {

  private static final int PREVIEW_BYTES = 512;

  /** A JSON value and its Connect schema ({@code null} without the wrapper). */
  record Wrapped(JsonNode payload, JsonNode schema) {}

  private final RecordMapping mapping;
  private final ObjectMapper json;
  private final int maxRecordBytes;

  RowMapper(RecordMapping mapping, ObjectMapper json, int maxRecordBytes) {
    this.mapping = mapping;
    this.json = json;
    this.maxRecordBytes = maxRecordBytes;
  }

  RecordMapping mapping() {
    return mapping;
  }

  /** The value as JSON, unwrapped when it is a Connect envelope with schema. */
  Wrapped parse(byte[] value, boolean unwrap) {
    if (value.length > maxRecordBytes) {
      throw new BadMessage(
          "message is " + value.length + " bytes, over the limit of " + maxRecordBytes);
    }
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (IOException e) {
      throw new BadMessage("value is not JSON");
    }
    if (node == null || node.isMissingNode()) {
      throw new BadMessage("value is empty");
    }
    return unwrap ? unwrap(node) : new Wrapped(node, null);
  }

  private static Wrapped unwrap(JsonNode node) {
    if (node.isObject() && node.size() == 2 && node.has("schema") && node.has("payload")) {
      JsonNode schema = node.get("schema");
      return new Wrapped(node.get("payload"), schema.isObject() ? schema : null);
    }
    return new Wrapped(node, null);
  }

  /** A row's columns, rendered and flattened, in the row's order. */
  Map<String, String> columns(JsonNode row, JsonNode rowSchema) {
    Map<String, JsonNode> schemas = ConnectValues.fieldSchemas(rowSchema);
    Map<String, String> out = new LinkedHashMap<>();
    row.fields()
        .forEachRemaining(
            e ->
                ConnectValues.flattenInto(
                    e.getKey(),
                    e.getValue(),
                    schemas.get(e.getKey()),
                    mapping.types().get(e.getKey()),
                    out));
    return out;
  }

  /** The id by the mapping's {@code id.from: key}, from the message key. */
  String idFromKey(String key) {
    if (key == null) {
      throw new BadMessage("no message key (id.from: key)");
    }
    if (mapping.idFields().isEmpty()) {
      return key;
    }
    JsonNode node;
    try {
      node = json.readTree(key);
    } catch (JsonProcessingException e) {
      node = null;
    }
    Wrapped wrapped = node == null ? null : unwrap(node);
    if (wrapped == null || !wrapped.payload().isObject()) {
      throw new BadMessage(
          "the message key is not a JSON object with id field '" + mapping.idFields().get(0) + "'");
    }
    return idOf(columns(wrapped.payload(), wrapped.schema()), "the message key");
  }

  /** The id from a row's columns; {@code where} names the row in the reason. */
  String idOf(Map<String, String> columns, String where) {
    List<String> parts = new ArrayList<>();
    for (String f : mapping.idFields()) {
      String v = columns.get(f);
      if (v == null || v.isBlank()) {
        throw new BadMessage("no id field '" + f + "' in " + where);
      }
      parts.add(v);
    }
    return String.join(":", parts);
  }

  /** The version of {@code version.from: field:<name>}, or {@code null} for none. */
  Long fieldVersion(Map<String, String> columns) {
    if (mapping.version() != RecordMapping.VersionFrom.FIELD) {
      return null;
    }
    String v = columns.get(mapping.versionField());
    try {
      long n = Long.parseLong(v == null ? "" : v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadMessage(
        "version field '" + mapping.versionField() + "' is missing or not a non-negative integer");
  }

  /** An upsert of the row's columns by the mapping; {@code cdc} is added to the metadata. */
  SourceRecord upsert(
      String source,
      String id,
      Long version,
      Map<String, String> columns,
      Map<String, String> cdc,
      Origin origin) {
    Map<String, String> fields = new LinkedHashMap<>(columns);
    List<String> texts = new ArrayList<>();
    for (String f : mapping.textFields()) {
      String t = fields.remove(f);
      if (t != null && !t.isBlank()) {
        texts.add(t);
      }
    }
    List<String> acl = new ArrayList<>(mapping.aclConstants());
    if (mapping.aclField() != null) {
      String principals = fields.remove(mapping.aclField());
      if (principals != null) {
        for (String p : principals.split(",")) {
          if (!p.isBlank() && !acl.contains(p.trim())) {
            acl.add(p.trim());
          }
        }
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String f : mapping.metadataFields()) {
      String v = columns.get(f);
      if (v != null) {
        metadata.put(f, v);
      }
    }
    metadata.putAll(cdc);
    if (fields.isEmpty() && texts.isEmpty()) {
      throw new BadMessage("the row has no fields and no text");
    }
    return new SourceRecord(
        new RecordKey(source, id),
        version,
        RecordOp.UPSERT,
        fields,
        texts.isEmpty() ? null : String.join("\n\n", texts),
        acl,
        metadata,
        origin);
  }

  static SourceRecord delete(String source, String id, Long version, Origin origin) {
    return new SourceRecord(
        new RecordKey(source, id),
        version,
        RecordOp.DELETE,
        Map.of(),
        null,
        List.of(),
        Map.of(),
        origin);
  }

  /** A dead letter naming the source, the format and what is missing; the value only as preview. */
  IngestItem malformed(String source, String id, String problem, byte[] value, Origin origin) {
    return new IngestItem.Malformed(
        id,
        "source " + source + ", format " + mapping.format().wire() + ": " + problem,
        value == null
            ? ""
            : new String(value, 0, Math.min(value.length, PREVIEW_BYTES), StandardCharsets.UTF_8),
        origin);
  }
}
