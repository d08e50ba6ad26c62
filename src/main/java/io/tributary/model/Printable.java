package io.tributary.model;

/**
 * Control characters in identifiers and in what logs and dead letters carry. An id with a NUL
 * cannot be stored (PostgreSQL refuses it in text, SQLState 22021) and a line break in a logged
 * value forges a log line, so ids with control characters are refused at parse time and every other
 * value is escaped before it is written where a line or a NUL matters.
 */
public final class Printable {

  private Printable() {}

  /**
   * Whether {@code s} holds a character that must not reach an id: C0/C1 controls, line or
   * paragraph separators.
   */
  public static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code s} with every control character, line or paragraph separator and unpaired surrogate
   * written as {@code \\uXXXX}, so that the result is one printable line that the database accepts.
   * {@code null} stays {@code null}.
   */
  public static String escape(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length() && !needsEscape(s, i)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (needsEscape(s, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(String s, int i) {
    char c = s.charAt(i);
    if (isControl(c)) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
  }

  /**
   * A copy of a JSON-like value (maps, lists, strings, numbers) with every string {@link #escape
   * escaped}.
   */
  public static Object escapeAll(Object value) {
    if (value instanceof String s) {
      return escape(s);
    }
    if (value instanceof java.util.Map<?, ?> m) {
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(escape(String.valueOf(k)), escapeAll(v)));
      return out;
    }
    if (value instanceof java.util.Collection<?> c) {
      return c.stream().map(Printable::escapeAll).toList();
    }
    return value;
  }
}
