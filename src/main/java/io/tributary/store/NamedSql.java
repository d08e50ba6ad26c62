package io.tributary.store;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement with named parameters ({@code :source}, {@code :id}) that JDBC sees with {@code ?} in
 * their places, so every value is bound by name instead of by an index counted by hand. A name may
 * occur more than once; {@code ::} casts and quoted literals are left alone. The text JDBC receives
 * is the one a hand-written positional statement would have, so plans do not change.
 */
final class NamedSql {

  private final String sql;
  private final Map<String, List<Integer>> positions;

  private NamedSql(String sql, Map<String, List<Integer>> positions) {
    this.sql = sql;
    this.positions = positions;
  }

  /** Parses {@code text}; a bare {@code ?} is refused, so names and positions never mix. */
  static NamedSql of(String text) {
    StringBuilder sql = new StringBuilder(text.length());
    Map<String, List<Integer>> positions = new HashMap<>();
    int count = 0;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated literal in " + text);
        }
        sql.append(text, i, end + 1);
        i = end + 1;
      } else if (ch == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
        sql.append("::");
        i += 2;
      } else if (ch == ':'
          && i + 1 < text.length()
          && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
          end++;
        }
        positions.computeIfAbsent(text.substring(i + 1, end), n -> new ArrayList<>()).add(++count);
        sql.append('?');
        i = end;
      } else if (ch == '?') {
        throw new IllegalArgumentException("positional parameter in a named statement: " + text);
      } else {
        sql.append(ch);
        i++;
      }
    }
    return new NamedSql(sql.toString(), Map.copyOf(positions));
  }

  /**
   * Names the {@code ?} placeholders of a positional fragment (such as {@link FilterSql#where()})
   * {@code :prefix0}, {@code :prefix1}, ... in order, for splicing into a named statement.
   */
  static String named(String positionalFragment, String prefix) {
    StringBuilder out = new StringBuilder(positionalFragment.length() + 16);
    boolean quoted = false;
    int n = 0;
    for (char ch : positionalFragment.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
      }
      if (ch == '?' && !quoted) {
        out.append(':').append(prefix).append(n++);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** The statement text for {@link java.sql.Connection#prepareStatement(String)}. */
  String sql() {
    return sql;
  }

  /** Binds values by name to a statement prepared from {@link #sql()}. */
  Params on(PreparedStatement ps) {
    return new Params(ps);
  }

  /** Setters by name; each sets every occurrence of the name, and an unknown name throws. */
  final class Params {

    private final PreparedStatement ps;

    private Params(PreparedStatement ps) {
      this.ps = ps;
    }

    Params setString(String name, String value) throws SQLException {
      return each(name, i -> ps.setString(i, value));
    }

    Params setInt(String name, int value) throws SQLException {
      return each(name, i -> ps.setInt(i, value));
    }

    /** An integer, or SQL NULL of type INTEGER. */
    Params setInteger(String name, Integer value) throws SQLException {
      return each(
          name,
          i -> {
            if (value == null) {
              ps.setNull(i, Types.INTEGER);
            } else {
              ps.setInt(i, value);
            }
          });
    }

    /** A long, or SQL NULL of type BIGINT. */
    Params setLong(String name, Long value) throws SQLException {
      return each(
          name,
          i -> {
            if (value == null) {
              ps.setNull(i, Types.BIGINT);
            } else {
              ps.setLong(i, value);
            }
          });
    }

    Params setBoolean(String name, boolean value) throws SQLException {
      return each(name, i -> ps.setBoolean(i, value));
    }

    Params setObject(String name, Object value) throws SQLException {
      return each(name, i -> ps.setObject(i, value));
    }

    Params setArray(String name, Array value) throws SQLException {
      return each(name, i -> ps.setArray(i, value));
    }

    Params setTimestamp(String name, Timestamp value) throws SQLException {
      return each(name, i -> ps.setTimestamp(i, value));
    }

    private Params each(String name, Setter setter) throws SQLException {
      List<Integer> at = positions.get(name);
      if (at == null) {
        throw new IllegalArgumentException("no parameter :" + name + " in " + sql);
      }
      for (int i : at) {
        setter.set(i);
      }
      return this;
    }
  }

  @FunctionalInterface
  private interface Setter {
    void set(int index) throws SQLException;
  }
}
