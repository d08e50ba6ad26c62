package io.tributary.retrieve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.ProblemException;
import io.tributary.model.FilterCondition;
import io.tributary.model.FilterCondition.Kind;
import io.tributary.model.FilterCondition.Op;
import io.tributary.model.FilterCondition.Target;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code filter} object of a search into validated conditions, or a 400 problem: {@code
 * {"source":"crm" | ["crm","erp"], "metadata.region":"EU" | ["EU","UK"],
 * "fields.amount":{"gte":100,"lt":500}, "fields.closed":{"gte":"2024-01-01"}}}. Stored fields and
 * metadata are strings, so equality compares text; ranges compare numbers or ISO-8601 dates.
 */
public final class FilterParser {

  static final int MAX_CONDITIONS = 32;
  static final int MAX_VALUES = 100;
  static final int MAX_VALUE_CHARS = 512;

  private FilterParser() {}

  public static List<FilterCondition> parse(JsonNode filter) {
    List<FilterCondition> out = new ArrayList<>();
    if (filter == null || filter.isNull()) {
      return out;
    }
    if (!filter.isObject()) {
      throw bad("filter must be a JSON object");
    }
    if (filter.size() > MAX_CONDITIONS) {
      throw bad("filter has more than " + MAX_CONDITIONS + " keys");
    }
    Iterator<Map.Entry<String, JsonNode>> it = filter.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      parse(e.getKey(), e.getValue(), out);
    }
    return out;
  }

  private static void parse(String name, JsonNode value, List<FilterCondition> out) {
    Target target;
    String key;
    if (name.equals("source")) {
      target = Target.SOURCE;
      key = null;
    } else if (name.startsWith("metadata.")) {
      target = Target.METADATA;
      key = name.substring("metadata.".length());
    } else if (name.startsWith("fields.")) {
      target = Target.FIELDS;
      key = name.substring("fields.".length());
    } else {
      throw bad(
          "unknown filter key '" + safe(name) + "': use source, metadata.<key> or fields.<key>");
    }
    if (key != null && !FilterCondition.SAFE_KEY.matcher(key).matches()) {
      throw bad("filter key '" + safe(name) + "' may use letters, digits, '_', '-' and '.' only");
    }
    if (value.isArray()) {
      if (value.isEmpty() || value.size() > MAX_VALUES) {
        throw bad(name + ": a list takes 1.." + MAX_VALUES + " values");
      }
      List<String> values = new ArrayList<>();
      for (JsonNode v : value) {
        values.add(scalar(name, v));
      }
      out.add(new FilterCondition(target, key, Op.IN, Kind.TEXT, values));
    } else if (value.isObject()) {
      if (target == Target.SOURCE) {
        throw bad("source takes a name or a list of names");
      }
      if (value.isEmpty()) {
        throw bad(name + ": an empty range");
      }
      Iterator<Map.Entry<String, JsonNode>> ops = value.fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        Op parsed =
            switch (op.getKey()) {
              case "gt" -> Op.GT;
              case "gte" -> Op.GTE;
              case "lt" -> Op.LT;
              case "lte" -> Op.LTE;
              default ->
                  throw bad(
                      name + ": unknown operator '" + safe(op.getKey()) + "' (gt, gte, lt, lte)");
            };
        JsonNode bound = op.getValue();
        if (bound.isNumber()) {
          out.add(
              new FilterCondition(target, key, parsed, Kind.NUMBER, List.of(number(name, bound))));
        } else if (bound.isTextual() && isDate(bound.textValue())) {
          out.add(new FilterCondition(target, key, parsed, Kind.DATE, List.of(bound.textValue())));
        } else {
          throw bad(name + "." + op.getKey() + " takes a number or an ISO-8601 date");
        }
      }
    } else {
      out.add(new FilterCondition(target, key, Op.EQ, Kind.TEXT, List.of(scalar(name, value))));
    }
  }

  private static String scalar(String name, JsonNode v) {
    if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
      throw bad(name + ": values are strings, numbers or booleans");
    }
    String text = v.isNumber() ? number(name, v) : v.asText();
    if (text.length() > MAX_VALUE_CHARS) {
      throw bad(name + ": a value is longer than " + MAX_VALUE_CHARS + " characters");
    }
    return text;
  }

  /** A finite number in plain notation of at most 64 characters (1e400 is not one). */
  private static String number(String name, JsonNode v) {
    String plain;
    try {
      plain = v.decimalValue().toPlainString();
    } catch (NumberFormatException e) {
      throw bad(name + ": a number out of range");
    }
    if (plain.length() > 64) {
      throw bad(name + ": a number out of range");
    }
    return plain;
  }

  /** An ISO-8601 date or date-time with a four-digit year (what PostgreSQL's timestamptz takes). */
  static boolean isDate(String s) {
    if (s.length() < 10
        || !Character.isDigit(s.charAt(0))
        || !Character.isDigit(s.charAt(3))
        || s.charAt(4) != '-') {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      try {
        OffsetDateTime.parse(s);
        return true;
      } catch (DateTimeParseException e2) {
        return false;
      }
    }
  }

  private static String safe(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return cut.replaceAll("[^\\p{Print}]", "?");
  }

  private static ProblemException bad(String reason) {
    return new ProblemException(400, "Invalid filter", reason);
  }
}
