package io.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.SearchScope;
import io.tributary.pipeline.ReadReplica;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The vector search's round trips, seen through a fake JDBC connection that records what it is
 * asked: the HNSW settings are set once per physical connection (again only when a call needs
 * another ef_search), the ranking statement runs in auto-commit mode and never as a named
 * server-side statement.
 */
class JdbcChunkSearchSessionTest {

  /** One fake physical connection: what was executed, in which mode, with which threshold. */
  static final class FakeConnection {
    final List<String> executed = new ArrayList<>();
    final List<Boolean> queriesInAutoCommit = new ArrayList<>();
    final List<Integer> thresholds = new ArrayList<>();
    boolean autoCommit = true;
    final PGConnection physical =
        (PGConnection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PGConnection.class},
                (p, m, a) -> m.getName().equals("hashCode") ? System.identityHashCode(p) : null);

    /** A pooled handle on this physical connection (a new wrapper per checkout, as in a pool). */
    Connection handle() {
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "unwrap" -> physical;
                    case "getAutoCommit" -> autoCommit;
                    case "setAutoCommit" -> {
                      autoCommit = (Boolean) a[0];
                      yield null;
                    }
                    case "createStatement" -> statement();
                    case "prepareStatement" -> prepared();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> null;
                  });
    }

    private Statement statement() {
      return (Statement)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Statement.class},
              (p, m, a) -> {
                if (m.getName().equals("execute")) {
                  executed.add((String) a[0]);
                  return false;
                }
                return null;
              });
    }

    private PreparedStatement prepared() {
      PGStatement pg =
          (PGStatement)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {PGStatement.class},
                  (p, m, a) -> {
                    if (m.getName().equals("setPrepareThreshold")) {
                      thresholds.add((Integer) a[0]);
                    }
                    return null;
                  });
      return (PreparedStatement)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "unwrap" -> pg;
                    case "executeQuery" -> {
                      queriesInAutoCommit.add(autoCommit);
                      yield emptyResult();
                    }
                    default -> null;
                  });
    }

    private static ResultSet emptyResult() {
      return (ResultSet)
          Proxy.newProxyInstance(
              ResultSet.class.getClassLoader(),
              new Class<?>[] {ResultSet.class},
              (p, m, a) -> m.getName().equals("next") ? false : null);
    }

    long settingsSet() {
      return executed.stream().filter(s -> s.startsWith("SET hnsw.ef_search")).count();
    }
  }

  private static JdbcChunkSearch search(FakeConnection... connections) {
    int[] next = {0};
    DataSource ds =
        (DataSource)
            Proxy.newProxyInstance(
                JdbcChunkSearchSessionTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (p, m, a) ->
                    m.getName().equals("getConnection")
                        ? connections[next[0]++ % connections.length].handle()
                        : null);
    ReadReplica reads =
        new ReadReplica() {
          @Override
          public DataSource forSearch() {
            return ds;
          }

          @Override
          public Status status() {
            return null;
          }
        };
    return new JdbcChunkSearch(reads, new ObjectMapper());
  }

  private static final EmbeddingGeneration GENERATION =
      new EmbeddingGeneration(
          1, "m", 3, EmbeddingGeneration.State.ACTIVE, null, null, null, null, null, 0, 0, null);

  private static final SearchScope SCOPE = new SearchScope(List.of(), Set.of("ops"), false);

  @Test
  void should_set_hnsw_settings_once_per_connection_and_search_in_auto_commit() {
    FakeConnection one = new FakeConnection();
    JdbcChunkSearch search = search(one);

    // Each call comes back short (no rows), so an exact scan follows in a transaction of its own.
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);
    search.vectorSearch(GENERATION, new float[] {0, 1, 0}, SCOPE, 10, 400);

    assertThat(one.settingsSet()).isEqualTo(1);
    assertThat(one.executed)
        .contains("SET hnsw.ef_search = 400; SET hnsw.iterative_scan = relaxed_order");
    // The HNSW statements (1st and 3rd query) in auto-commit; the exact fallbacks in a transaction.
    assertThat(one.queriesInAutoCommit).containsExactly(true, false, true, false);
    assertThat(one.thresholds).isNotEmpty().allMatch(t -> t == 0);
    assertThat(one.autoCommit).isTrue();
  }

  @Test
  void should_set_ef_search_again_only_when_a_call_needs_another() {
    FakeConnection one = new FakeConnection();
    JdbcChunkSearch search = search(one);

    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 600, 400);
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 600, 400);
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);

    assertThat(one.executed.stream().filter(s -> s.startsWith("SET hnsw")).toList())
        .containsExactly(
            "SET hnsw.ef_search = 400; SET hnsw.iterative_scan = relaxed_order",
            "SET hnsw.ef_search = 600; SET hnsw.iterative_scan = relaxed_order",
            "SET hnsw.ef_search = 400; SET hnsw.iterative_scan = relaxed_order");
  }

  @Test
  void should_set_hnsw_settings_on_each_physical_connection() {
    FakeConnection one = new FakeConnection();
    FakeConnection two = new FakeConnection();
    // Checkouts alternate: one (hnsw), two (exact), one (hnsw), two (exact), ...
    JdbcChunkSearch search = search(one, two, two, one);

    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);
    search.vectorSearch(GENERATION, new float[] {1, 0, 0}, SCOPE, 10, 400);

    assertThat(one.settingsSet()).isEqualTo(1);
    assertThat(two.settingsSet()).isEqualTo(1);
  }
}
