package io.tributary.source.formats;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the values of a Kafka Connect row readable: the logical types of Connect ({@code
 * Decimal}, {@code Date}, {@code Time}, {@code Timestamp}) and of Debezium ({@code
 * VariableScaleDecimal}, {@code io.debezium.time.*}) by the field's schema when the message has
 * one, else by a {@code types:} hint; without either a {@code {"scale":…,"value":…}} object is a
 * variable-scale decimal and every other value stays as it arrived. Nested structs are flattened to
 * dotted paths, arrays of scalars joined with {@code ", "}. Stateless.
 */
final class ConnectValues {

  static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
  static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

  private ConnectValues() {}

  /** The field schemas of a Connect {@code struct} schema, by field name; empty without one. */
  static Map<String, JsonNode> fieldSchemas(JsonNode structSchema) {
    Map<String, JsonNode> out = new HashMap<>();
    if (structSchema == null) {
      return out;
    }
    for (JsonNode f : structSchema.path("fields")) {
      if (f.path("field").isTextual()) {
        out.put(f.path("field").asText(), f);
      }
    }
    return out;
  }

  /**
   * Puts the rendering of {@code value} under {@code path} (several dotted paths for a struct);
   * nothing for null.
   *
   * @param schema the value's Connect schema, or {@code null}
   * @param hint the {@code types:} encoding, or {@code null}
   * @throws BadMessage if the value does not have the encoding its schema or hint names
   */
  static void flattenInto(
      String path, JsonNode value, JsonNode schema, String hint, Map<String, String> out) {
    if (value == null || value.isNull()) {
      return;
    }
    String rendered = scalar(path, value, schema, hint);
    if (rendered != null) {
      out.put(path, rendered);
      return;
    }
    if (value.isObject()) {
      Map<String, JsonNode> sub = fieldSchemas(schema);
      value
          .fields()
          .forEachRemaining(
              e ->
                  flattenInto(
                      path + "." + e.getKey(), e.getValue(), sub.get(e.getKey()), null, out));
      return;
    }
    // an array
    JsonNode items = schema == null ? null : schema.get("items");
    List<String> values = new ArrayList<>();
    boolean scalars = true;
    for (JsonNode item : value) {
      String r = item.isNull() ? "" : scalar(path, item, items, null);
      if (r == null) {
        scalars = false;
        break;
      }
      values.add(r);
    }
    if (scalars) {
      out.put(path, String.join(", ", values));
    } else {
      for (int i = 0; i < value.size(); i++) {
        flattenInto(path + "[" + i + "]", value.get(i), items, null, out);
      }
    }
  }

  /** A scalar's rendering, or {@code null} for a struct or an array to flatten. */
  private static String scalar(String path, JsonNode value, JsonNode schema, String hint) {
    String name = schema == null ? null : schema.path("name").asText(null);
    try {
      if (name != null) {
        String logical = logical(name, value, schema);
        if (logical != null) {
          return logical;
        }
      }
      if (hint != null) {
        return hinted(hint, value);
      }
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new BadMessage(
          "field '" + path + "' is not a valid " + (name != null ? name : hint) + " value");
    }
    if (value.isObject()) {
      return schema == null && isVariableScaleDecimal(value) ? variableScale(path, value) : null;
    }
    if (value.isArray()) {
      return null;
    }
    return value.asText();
  }

  private static String logical(String name, JsonNode v, JsonNode schema) {
    return switch (name) {
      case DECIMAL -> {
        if (!v.isTextual()) {
          yield v.isNumber() ? v.asText() : fail();
        }
        JsonNode scale = schema.path("parameters").path("scale");
        yield decimal(v.asText(), Integer.parseInt(scale.asText("0")));
      }
      case VARIABLE_SCALE_DECIMAL -> {
        if (!v.isObject()) {
          yield v.isNumber() || v.isTextual() ? v.asText() : fail();
        }
        yield decimal(v.path("value").asText(), v.path("scale").asInt());
      }
      case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> date(v);
      case "io.debezium.time.Time", "org.apache.kafka.connect.data.Time" -> time(v, 1_000_000L);
      case "io.debezium.time.MicroTime" -> time(v, 1_000L);
      case "io.debezium.time.NanoTime" -> time(v, 1L);
      case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp" ->
          timestamp(v, 1_000_000L);
      case "io.debezium.time.MicroTimestamp" -> timestamp(v, 1_000L);
      case "io.debezium.time.NanoTimestamp" -> timestamp(v, 1L);
      default -> null;
    };
  }

  private static String hinted(String hint, JsonNode v) {
    if (hint.startsWith("decimal:")) {
      return v.isTextual()
          ? decimal(v.asText(), Integer.parseInt(hint.substring("decimal:".length())))
          : v.asText();
    }
    return switch (hint) {
      case "date" -> date(v);
      case "time-millis" -> time(v, 1_000_000L);
      case "time-micros" -> time(v, 1_000L);
      case "time-nanos" -> time(v, 1L);
      case "timestamp-millis" -> timestamp(v, 1_000_000L);
      case "timestamp-micros" -> timestamp(v, 1_000L);
      case "timestamp-nanos" -> timestamp(v, 1L);
      default -> v.asText();
    };
  }

  private static boolean isVariableScaleDecimal(JsonNode v) {
    return v.size() == 2 && v.path("scale").isIntegralNumber() && v.path("value").isTextual();
  }

  private static String variableScale(String path, JsonNode v) {
    try {
      return decimal(v.path("value").asText(), v.path("scale").asInt());
    } catch (IllegalArgumentException e) {
      throw new BadMessage("field '" + path + "' is not a valid " + VARIABLE_SCALE_DECIMAL);
    }
  }

  /** Base64 of a big-endian two's-complement unscaled value. */
  static String decimal(String base64, int scale) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length == 0) {
      throw new IllegalArgumentException("no digits");
    }
    return new BigDecimal(new BigInteger(bytes), scale).toPlainString();
  }

  private static String date(JsonNode v) {
    return LocalDate.ofEpochDay(integral(v)).toString();
  }

  private static String time(JsonNode v, long nanosPerUnit) {
    long nanos = Math.multiplyExact(integral(v), nanosPerUnit);
    if (nanos == 86_400_000_000_000L) {
      return "24:00:00"; // PostgreSQL's end of day
    }
    return LocalTime.ofNanoOfDay(nanos).format(DateTimeFormatter.ISO_LOCAL_TIME);
  }

  private static String timestamp(JsonNode v, long nanosPerUnit) {
    long units = integral(v);
    long perSecond = 1_000_000_000L / nanosPerUnit;
    long seconds = Math.floorDiv(units, perSecond);
    long nanos = Math.floorMod(units, perSecond) * nanosPerUnit;
    return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
  }

  private static long integral(JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("not an integer");
    }
    return v.asLong();
  }

  private static String fail() {
    throw new IllegalArgumentException("unexpected JSON type");
  }
}
