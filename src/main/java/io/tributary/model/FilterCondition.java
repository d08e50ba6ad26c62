package io.tributary.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One condition of a search filter, already validated: the store turns it into parameterised SQL.
 *
 * @param target what the key names: the source, a chunk metadata key or a record field
 * @param key metadata/field key (dotted path as ingested); {@code null} for {@link Target#SOURCE}
 * @param op comparison
 * @param kind how values compare: as text, as numbers or as timestamps
 * @param values one value, or several for {@link Op#IN}
 */
public record FilterCondition(Target target, String key, Op op, Kind kind, List<String> values) {

  /** Keys that may be named in a filter: letters, digits, {@code _ - .}, at most 128 characters. */
  public static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");

  /** What a condition tests. */
  public enum Target {
    SOURCE,
    METADATA,
    FIELDS
  }

  /** Comparison operators. */
  public enum Op {
    EQ,
    IN,
    GT,
    GTE,
    LT,
    LTE
  }

  /** How values compare. */
  public enum Kind {
    TEXT,
    NUMBER,
    DATE
  }

  public FilterCondition {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(kind, "kind");
    values = List.copyOf(values);
    if (target == Target.SOURCE ? key != null : key == null || !SAFE_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("invalid filter key: " + key);
    }
    if (values.isEmpty() || (op != Op.IN && values.size() != 1)) {
      throw new IllegalArgumentException(
          op + " takes " + (op == Op.IN ? "at least one value" : "one value"));
    }
    boolean range = op != Op.EQ && op != Op.IN;
    if (range == (kind == Kind.TEXT)) {
      throw new IllegalArgumentException("ranges compare numbers or dates; equality compares text");
    }
  }
}
