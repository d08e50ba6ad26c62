package io.tributary.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchScope;
import io.tributary.pipeline.ReadReplica;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/** {@link ChunkSearch} over PostgreSQL + pgvector (HNSW) and full text search, with plain JDBC. */
@ApplicationScoped
public class JdbcChunkSearch implements ChunkSearch {

  /** Names of the filter's parameters: {@code :filter0}, {@code :filter1}, ... */
  private static final String FILTER = "filter";

  private final ReadReplica reads;
  private final Columns columns;

  /**
   * The {@code hnsw.ef_search} each physical connection's session has, set by {@link
   * #applySessionSettings}; weak keys, so a closed connection leaves the map with its object.
   */
  private final Map<Object, Integer> sessionEf = Collections.synchronizedMap(new WeakHashMap<>());

  public JdbcChunkSearch(ReadReplica reads, ObjectMapper json) {
    this.reads = reads;
    this.columns = new Columns(json);
  }

  @Override
  public List<SearchHit> vectorSearch(
      EmbeddingGeneration generation, float[] query, SearchScope scope, int limit, int efSearch) {
    FilterSql filter = FilterSql.compile(scope);
    String vector = JdbcGenerations.vectorColumn(generation);
    NamedSql sql =
        NamedSql.of(
            "WITH nearest AS MATERIALIZED (SELECT c.id, c.text, c.provenance, "
                + vector
                + " <=> :query AS distance FROM chunks c"
                + JdbcGenerations.vectorJoin(generation)
                + (filter.joinsRecords() ? FilterSql.RECORDS_JOIN : "")
                + " WHERE "
                + vector
                + " IS NOT NULL AND "
                + NamedSql.named(filter.where(), FILTER)
                + " ORDER BY "
                + vector
                + " <=> :query LIMIT :limit) SELECT id, text, provenance, 1 -"
                + " distance FROM nearest ORDER BY distance");
    int ef = Math.max(efSearch, Math.min(limit, 1000));
    // One round trip in the common case: the HNSW settings live in the pooled connection's session
    // (set once, and again only when a call needs another ef_search), the statement runs in
    // auto-commit mode, and no transaction is opened for a read. relaxed_order lets the HNSW scan
    // go
    // on past ef_search until LIMIT rows pass the filter (pgvector 0.8); the outer ORDER BY
    // restores exact order. If the scan still comes back short (a filter so selective that
    // hnsw.max_scan_tuples runs out), an exact scan over the filtered rows decides.
    List<SearchHit> hits;
    try (Connection c = reads.forSearch().getConnection()) {
      applySessionSettings(c, ef);
      hits = vectorQuery(c, sql, query, filter, limit);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "searching");
    }
    if (hits.size() >= limit) {
      return hits;
    }
    return Columns.inTransaction(
        reads.forSearch(),
        "searching exactly",
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_indexscan = off");
          }
          return vectorQuery(c, sql, query, filter, limit);
        });
  }

  /**
   * Sets {@code hnsw.ef_search} and {@code hnsw.iterative_scan} for the session of {@code c}'s
   * physical connection unless it already has them. Session settings, not SET LOCAL: they only
   * steer HNSW scans, which only searches run, and they save a transaction (BEGIN, SET, COMMIT) per
   * search. Set in auto-commit mode, so no rollback can undo them behind the map's back.
   */
  private void applySessionSettings(Connection c, int ef) throws SQLException {
    Object session = c.unwrap(PGConnection.class);
    Integer current = sessionEf.get(session);
    if (current != null && current == ef) {
      return;
    }
    if (!c.getAutoCommit()) {
      throw new IllegalStateException("search settings are set in auto-commit mode");
    }
    try (Statement s = c.createStatement()) {
      // Integers and constants only, never caller text.
      s.execute("SET hnsw.ef_search = " + ef + "; SET hnsw.iterative_scan = relaxed_order");
    }
    sessionEf.put(session, ef);
  }

  private List<SearchHit> vectorQuery(
      Connection c, NamedSql sql, float[] query, FilterSql filter, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
      // Never a named server-side statement: an unnamed one is planned with the call's values each
      // time (a custom plan). A generic plan guesses the ACL/filter selectivity and may sort every
      // visible row instead of walking the HNSW index.
      ps.unwrap(PGStatement.class).setPrepareThreshold(0);
      NamedSql.Params p = sql.on(ps).setObject("query", new PGvector(query)).setInt("limit", limit);
      bindFilter(c, p, filter);
      return hits(ps, limit);
    }
  }

  @Override
  public List<SearchHit> keywordSearch(String query, SearchScope scope, int limit) {
    FilterSql filter = FilterSql.compile(scope);
    // Any query word may match (OR): questions in natural language rarely have every word in the
    // passage that answers them. ts_rank alone has no inverse document frequency, so a chunk that
    // repeats the query's most common word outranks one that holds its rarest. Each word's
    // ts_rank(.., 1) (saturating in the word's count, normalised by length) is weighted by the
    // BM25 idf ln(1 + (n - df + 0.5) / (df + 0.5)), where n and df are counted over the matched
    // chunks the caller may see: a word's df there is its df in the whole visible collection,
    // since every chunk holding it matches; n is the chunks holding any query word. Both come
    // from the rows the query reads anyway, and no statistic leaks chunks outside the scope.
    NamedSql sql =
        NamedSql.of(
            "WITH terms AS MATERIALIZED (SELECT DISTINCT t AS label, t::tsquery AS term FROM"
                + " regexp_split_to_table(plainto_tsquery('english', :query)::text, ' & ') t"
                + " WHERE t <> ''), matched AS MATERIALIZED (SELECT c.id, c.tsv FROM chunks c"
                + (filter.joinsRecords() ? FilterSql.RECORDS_JOIN : "")
                + " WHERE c.tsv @@ replace(plainto_tsquery('english', :query)::text, '&',"
                + " '|')::tsquery AND "
                + NamedSql.named(filter.where(), FILTER)
                + "), hits AS MATERIALIZED (SELECT m.id, t.label, ts_rank(m.tsv, t.term, 1) AS r"
                + " FROM matched m JOIN terms t ON m.tsv @@ t.term), df AS (SELECT label, count(*)"
                + " AS n FROM hits GROUP BY label), total AS (SELECT count(*) AS n FROM matched),"
                + " scored AS (SELECT h.id, sum(ln(1 + (total.n - df.n + 0.5::float8) / (df.n +"
                + " 0.5::float8)) * h.r::float8) AS score FROM hits h JOIN df USING (label) CROSS"
                + " JOIN total GROUP BY h.id) SELECT c.id, c.text, c.provenance, s.score FROM"
                + " scored s JOIN chunks c ON c.id = s.id ORDER BY s.score DESC, c.id LIMIT"
                + " :limit");
    try (Connection c = reads.forSearch().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.sql())) {
      NamedSql.Params p = sql.on(ps).setString("query", query).setInt("limit", limit);
      bindFilter(c, p, filter);
      return hits(ps, limit);
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "searching keywords");
    }
  }

  /**
   * Binds the filter's values, {@code String}, {@code String[]} (text arrays) or {@code Boolean}.
   */
  private static void bindFilter(Connection c, NamedSql.Params p, FilterSql filter)
      throws SQLException {
    List<Object> params = filter.params();
    for (int n = 0; n < params.size(); n++) {
      String name = FILTER + n;
      Object value = params.get(n);
      if (value instanceof String[] array) {
        p.setArray(name, c.createArrayOf("text", array));
      } else if (value instanceof Boolean b) {
        p.setBoolean(name, b);
      } else {
        p.setString(name, (String) value);
      }
    }
  }

  /**
   * Reads {@code id, text, provenance, score} by position: the vector query's score has no name.
   */
  private List<SearchHit> hits(PreparedStatement ps, int limit) throws SQLException {
    List<SearchHit> hits = new ArrayList<>(limit);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(
            new SearchHit(
                rs.getObject(1, UUID.class),
                rs.getDouble(4),
                rs.getString(2),
                columns.provenance(rs.getString(3))));
      }
    }
    return hits;
  }
}
