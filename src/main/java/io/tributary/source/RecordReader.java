package io.tributary.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one record of the wire format shared by HTTP and Kafka: {@code
 * {"id":"C-1","version":3,"op":"upsert","fields":{...},"text":"...","acl":[...],"metadata":{...}}}.
 * Anything malformed becomes an {@link IngestItem.Malformed} with a reason that names the property,
 * never its value. Nested fields are flattened to dotted paths ({@code address.city}); arrays of
 * scalars are joined with {@code ", "}.
 */
public final class RecordReader {

  private static final Set<String> PROPERTIES =
      Set.of("id", "version", "op", "fields", "text", "acl", "metadata");

  private final int maxRecordBytes;

  public RecordReader(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  public IngestItem read(String source, JsonNode node, Origin origin) {
    String raw = node == null ? "null" : node.toString();
    if (node == null || !node.isObject()) {
      return new IngestItem.Malformed(null, "a record must be a JSON object", raw, origin);
    }
    JsonNode idNode = node.get("id");
    String id =
        idNode != null && (idNode.isTextual() || idNode.isIntegralNumber())
            ? idNode.asText()
            : null;
    try {
      int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxRecordBytes) {
        return new IngestItem.Malformed(
            id,
            "record is " + bytes + " bytes, over the limit of " + maxRecordBytes,
            raw.substring(0, Math.min(raw.length(), 512)),
            origin);
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!PROPERTIES.contains(name)) {
          throw new IllegalArgumentException("unknown property '" + name + "'");
        }
      }
      if (id == null) {
        throw new IllegalArgumentException("id is required and must be a string");
      }
      return new IngestItem.Valid(
          new SourceRecord(
              new RecordKey(source, id),
              version(node.get("version")),
              RecordOp.parse(optionalText(node, "op")),
              flatten(node.get("fields"), "fields"),
              optionalText(node, "text"),
              acl(node.get("acl")),
              flatten(node.get("metadata"), "metadata"),
              origin));
    } catch (IllegalArgumentException e) {
      return new IngestItem.Malformed(id, e.getMessage(), raw, origin);
    }
  }

  private static Long version(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException("version must be a non-negative integer");
    }
    return v.asLong();
  }

  private static String optionalText(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return v.asText();
  }

  private static List<String> acl(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("acl must be an array of strings");
    }
    for (JsonNode p : v) {
      if (!p.isTextual() || p.asText().isBlank()) {
        throw new IllegalArgumentException("acl must be an array of non-blank strings");
      }
      out.add(p.asText());
    }
    return out;
  }

  private static Map<String, String> flatten(JsonNode v, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException(name + " must be a JSON object");
    }
    flattenInto("", v, out);
    return out;
  }

  private static void flattenInto(String prefix, JsonNode v, Map<String, String> out) {
    if (v.isObject()) {
      v.fields()
          .forEachRemaining(
              e ->
                  flattenInto(
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      e.getValue(),
                      out));
    } else if (v.isArray()) {
      boolean scalars = true;
      for (JsonNode item : v) {
        scalars &= item.isValueNode();
      }
      if (scalars) {
        List<String> values = new ArrayList<>();
        v.forEach(item -> values.add(item.asText()));
        out.put(prefix, String.join(", ", values));
      } else {
        for (int i = 0; i < v.size(); i++) {
          flattenInto(prefix + "[" + i + "]", v.get(i), out);
        }
      }
    } else if (!v.isNull()) {
      out.put(prefix, v.asText());
    }
  }
}
