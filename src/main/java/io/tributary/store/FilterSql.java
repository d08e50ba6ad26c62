package io.tributary.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tributary.model.FilterCondition;
import io.tributary.model.FilterCondition.Kind;
import io.tributary.model.FilterCondition.Op;
import io.tributary.model.FilterCondition.Target;
import io.tributary.model.SearchScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link SearchScope} into a SQL predicate over {@code chunks c} (and {@code records r}
 * when a condition names a record field). Every key and value is a bind parameter; the SQL text
 * only ever contains fixed fragments, so no filter can inject SQL.
 *
 * @param where predicate, always starting with the access check
 * @param params bind values in order: {@code String}, {@code String[]} (text arrays) or {@code
 *     Boolean}
 * @param joinsRecords whether the query must join {@code records r}
 */
public record FilterSql(String where, List<Object> params, boolean joinsRecords) {

  public static final String RECORDS_JOIN =
      " JOIN records r ON r.source = c.source AND r.external_id = c.external_id";

  public static FilterSql compile(SearchScope scope) {
    StringBuilder sql = new StringBuilder("(c.acl && ?::text[] OR (? AND c.acl = '{}'))");
    List<Object> params = new ArrayList<>();
    params.add(scope.principals().stream().sorted().toArray(String[]::new));
    params.add(scope.emptyAclPublic());
    boolean join = false;
    for (FilterCondition f : scope.conditions()) {
      sql.append(" AND ");
      if (f.target() == Target.METADATA && (f.op() == Op.EQ || f.op() == Op.IN)) {
        // Containment, which the GIN index chunks_metadata answers (V14): a selective filter's
        // rows come from the index instead of a walk of the HNSW graph. Stored values are JSON
        // strings, so this selects what (metadata ->> key) = value would.
        if (f.op() == Op.EQ) {
          sql.append("c.metadata @> ?::jsonb");
          params.add(containment(f.key(), f.values().get(0)));
        } else {
          sql.append("c.metadata @> ANY(?::text[]::jsonb[])");
          params.add(f.values().stream().map(v -> containment(f.key(), v)).toArray(String[]::new));
        }
        continue;
      }
      String column;
      switch (f.target()) {
        case SOURCE -> column = "c.source";
        case METADATA -> {
          column = "(c.metadata ->> ?)";
          params.add(f.key());
        }
        case FIELDS -> {
          column = "(r.fields ->> ?)";
          params.add(f.key());
          join = true;
        }
        default -> throw new IllegalStateException("unknown target " + f.target());
      }
      switch (f.op()) {
        case EQ -> {
          sql.append(column).append(" = ?");
          params.add(f.values().get(0));
        }
        case IN -> {
          sql.append(column).append(" = ANY(?::text[])");
          params.add(f.values().toArray(String[]::new));
        }
        default -> {
          String typed =
              f.kind() == Kind.NUMBER
                  ? "tributary_numeric(" + column + ")"
                  : "tributary_timestamptz(" + column + ")";
          sql.append(typed)
              .append(' ')
              .append(operator(f.op()))
              .append(f.kind() == Kind.NUMBER ? " ?::numeric" : " ?::timestamptz");
          params.add(f.values().get(0));
        }
      }
      if (f.target() == Target.SOURCE && f.op() != Op.EQ && f.op() != Op.IN) {
        throw new IllegalArgumentException("source takes a name or a list of names");
      }
    }
    return new FilterSql(sql.toString(), List.copyOf(params), join);
  }

  /** {@code {"key": "value"}}, both JSON-escaped: a bind value, never SQL text. */
  static String containment(String key, String value) {
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    return "{\""
        + new String(json.quoteAsString(key))
        + "\": \""
        + new String(json.quoteAsString(value))
        + "\"}";
  }

  private static String operator(Op op) {
    return switch (op) {
      case GT -> ">";
      case GTE -> ">=";
      case LT -> "<";
      case LTE -> "<=";
      default -> throw new IllegalArgumentException(op + " is not a range operator");
    };
  }
}
