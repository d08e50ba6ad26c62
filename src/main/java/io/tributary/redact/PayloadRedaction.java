package io.tributary.redact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.config.FieldAction;
import io.tributary.config.SourceSettings;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The redacted form of a raw payload that could not be ingested (a dead letter's preview, a
 * dead-letter topic's value), under the same field policy its record would have had: a field set to
 * {@code drop} is removed, {@code mask} masked, {@code hash} pseudonymized, and every other string
 * scanned by the detectors; names are redacted as identifiers. A payload that is not JSON (or is
 * cut short) cannot be matched to field names: when it names a field the policy drops, masks or
 * hashes (or the policy does not scan unnamed fields), it is left out whole, because such a field's
 * value that no detector recognises would otherwise pass; otherwise the detectors run over it as
 * free text.
 */
final class PayloadRedaction {

  /**
   * A dead letter's payload that was left out: it could not be redacted under the source's policy.
   */
  static final String LEFT_OUT =
      "[payload left out: it cannot be redacted under the source's field policy]";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SourceSettings settings;
  private final UnaryOperator<String> scanText;
  private final UnaryOperator<String> identifier;
  private final UnaryOperator<String> pseudonym;
  private final BiFunction<String, String, String> classified;

  /**
   * @param classified a scanned field's value replaced whole when its name or the source's {@code
   *     field-types} classify it, else {@code null} (path as given, value)
   */
  PayloadRedaction(
      SourceSettings settings,
      UnaryOperator<String> scanText,
      UnaryOperator<String> identifier,
      UnaryOperator<String> pseudonym,
      BiFunction<String, String, String> classified) {
    this.settings = settings;
    this.scanText = scanText;
    this.identifier = identifier;
    this.pseudonym = pseudonym;
    this.classified = classified;
  }

  String redact(String raw) {
    JsonNode root;
    try {
      root = JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isContainerNode()) {
      return mayHoldPolicedField(raw) ? LEFT_OUT : scanText.apply(raw);
    }
    return redactTree(root, null).toString();
  }

  /**
   * Whether text that cannot be parsed may carry the value of a field the policy drops, masks or
   * hashes: when fields the policy does not name are not scanned, any text may; otherwise only text
   * that names such a field (its last path segment, as written).
   */
  private boolean mayHoldPolicedField(String raw) {
    if (!scansOrKeeps(settings.defaultFieldAction())) {
      return true;
    }
    return settings.fields().entrySet().stream()
        .filter(e -> !scansOrKeeps(e.getValue()))
        .map(e -> e.getKey().substring(e.getKey().lastIndexOf('.') + 1))
        .anyMatch(raw::contains);
  }

  private static boolean scansOrKeeps(FieldAction action) {
    return action == FieldAction.SCAN || action == FieldAction.KEEP;
  }

  /**
   * @param fieldPath the dotted path of a record field (as {@code RecordReader} flattens it) when
   *     the node lies under {@code fields}, else {@code null}
   */
  private JsonNode redactTree(JsonNode node, String fieldPath) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        String childPath =
            fieldPath == null
                ? ("fields".equals(name) && e.getValue().isObject() ? "" : null)
                : fieldPath.isEmpty() ? name : fieldPath + "." + name;
        JsonNode child =
            childPath != null && !childPath.isEmpty()
                ? applyPolicy(e.getValue(), childPath)
                : redactTree(e.getValue(), childPath);
        if (child != null) {
          out.set(identifier.apply(name), child);
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        JsonNode child =
            fieldPath == null || fieldPath.isEmpty()
                ? redactTree(node.get(i), fieldPath)
                : applyPolicy(node.get(i), fieldPath + "[" + i + "]");
        if (child != null) {
          out.add(child);
        }
      }
      return out;
    }
    return node.isTextual() ? TextNode.valueOf(scanText.apply(node.asText())) : node;
  }

  /**
   * A field's value under its action; {@code null} when it is dropped. Arrays of scalars are one
   * field, as parsed.
   */
  private JsonNode applyPolicy(JsonNode value, String path) {
    if (value.isContainerNode() && !(value.isArray() && allScalars(value))) {
      return redactTree(value, path);
    }
    FieldAction action = settings.actionFor(path);
    return switch (action) {
      case DROP -> null;
      case MASK -> TextNode.valueOf(DetectingRedactor.MASKED_FIELD);
      case HASH ->
          TextNode.valueOf(
              "hmac:" + pseudonym.apply(value.isValueNode() ? value.asText() : value.toString()));
      case KEEP -> value;
      case SCAN -> {
        String whole =
            value.isValueNode() && !value.isNull()
                ? classified.apply(path, value.asText())
                : value.isArray() ? classified.apply(path, value.toString()) : null;
        yield whole != null ? TextNode.valueOf(whole) : redactTree(value, null);
      }
    };
  }

  private static boolean allScalars(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isValueNode()) {
        return false;
      }
    }
    return true;
  }
}
