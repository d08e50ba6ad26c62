package io.tributary.store;

import com.pgvector.PGvector;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.EmbeddingGeneration.State;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link Generations} over the tables of {@code V12__generations.sql}, with plain JDBC. */
@ApplicationScoped
public class JdbcGenerations implements Generations {

  private static final String COLUMNS =
      "g.id, g.model_id, g.dimension, g.state, g.created_at, g.built_at, g.activated_at,"
          + " g.retired_at, g.dropped_at, g.vectors_reused, g.vectors_computed, g.error";

  private final DataSource dataSource;

  public JdbcGenerations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The FROM clause and vector expression of a generation's vectors, for a chunk table aliased
   * {@code c}. The table name is built from the integer id only.
   */
  static String vectorJoin(EmbeddingGeneration g) {
    return g.inChunksTable() ? "" : " JOIN chunk_vectors_" + g.id() + " v ON v.chunk_id = c.id";
  }

  static String vectorColumn(EmbeddingGeneration g) {
    return g.inChunksTable() ? "c.embedding" : "v.embedding";
  }

  @Override
  public Optional<EmbeddingGeneration> serving() {
    return one(
        "SELECT "
            + COLUMNS
            + " FROM embedding_serving s JOIN embedding_generations g"
            + " ON g.id = s.generation_id",
        null);
  }

  @Override
  public Optional<EmbeddingGeneration> get(int id) {
    return one("SELECT " + COLUMNS + " FROM embedding_generations g WHERE g.id = ?", id);
  }

  @Override
  public Optional<EmbeddingGeneration> liveOf(String modelId) {
    return Columns.inTransaction(
        dataSource,
        "reading generations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM embedding_generations g WHERE g.model_id = ? AND"
                      + " g.state IN ('building', 'ready', 'active', 'retired')")) {
            ps.setString(1, modelId);
            List<EmbeddingGeneration> all = read(ps);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
          }
        });
  }

  @Override
  public List<EmbeddingGeneration> list() {
    return Columns.inTransaction(
        dataSource,
        "reading generations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM embedding_generations g ORDER BY g.id DESC")) {
            return read(ps);
          }
        });
  }

  @Override
  public EmbeddingGeneration bootstrap(String modelId, int dimension) {
    Columns.inTransaction(
        dataSource,
        "registering generation 1",
        c -> {
          try (PreparedStatement lock =
                  c.prepareStatement("LOCK TABLE embedding_generations IN EXCLUSIVE MODE");
              PreparedStatement g =
                  c.prepareStatement(
                      "INSERT INTO embedding_generations(id, model_id, dimension, state,"
                          + " built_at, activated_at) SELECT 1, ?, ?, 'active', now(), now()"
                          + " WHERE NOT EXISTS (SELECT 1 FROM embedding_generations)");
              PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO embedding_serving(generation_id) SELECT 1 WHERE NOT EXISTS"
                          + " (SELECT 1 FROM embedding_serving)")) {
            lock.execute();
            g.setString(1, modelId);
            g.setInt(2, dimension);
            if (g.executeUpdate() == 1) {
              s.executeUpdate();
            }
            return null;
          }
        });
    return serving().orElseThrow(() -> new IllegalStateException("no generation serves"));
  }

  @Override
  public EmbeddingGeneration create(String modelId, int dimension) {
    int id =
        Columns.inTransaction(
            dataSource,
            "creating a generation",
            c -> {
              try (PreparedStatement lock =
                      c.prepareStatement("LOCK TABLE embedding_generations IN EXCLUSIVE MODE");
                  PreparedStatement live =
                      c.prepareStatement(
                          "SELECT id FROM embedding_generations WHERE model_id = ? AND state IN"
                              + " ('building', 'ready', 'active', 'retired')");
                  PreparedStatement insert =
                      c.prepareStatement(
                          "INSERT INTO embedding_generations(id, model_id, dimension, state)"
                              + " SELECT coalesce(max(id), 1) + 1, ?, ?, 'building' FROM"
                              + " embedding_generations RETURNING id");
                  PreparedStatement table =
                      c.prepareStatement("SELECT generation_table_create(?, ?)")) {
                lock.execute();
                live.setString(1, modelId);
                try (ResultSet rs = live.executeQuery()) {
                  if (rs.next()) {
                    throw new IllegalStateException(
                        "model "
                            + modelId
                            + " has a live generation already ("
                            + rs.getInt(1)
                            + "): activate it, or wait until it is dropped");
                  }
                }
                insert.setString(1, modelId);
                insert.setInt(2, dimension);
                int created;
                try (ResultSet rs = insert.executeQuery()) {
                  rs.next();
                  created = rs.getInt(1);
                }
                table.setInt(1, created);
                table.setInt(2, dimension);
                table.execute();
                return created;
              }
            });
    return get(id).orElseThrow();
  }

  @Override
  public List<Missing> missing(EmbeddingGeneration g, UUID after, int limit) {
    String from = after == null ? "" : " AND c.id > ?";
    String sql =
        g.inChunksTable()
            ? "SELECT c.id, c.text FROM chunks c WHERE c.embedding IS NULL"
                + from
                + " ORDER BY c.id LIMIT ?"
            : "SELECT c.id, c.text FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors_"
                + g.id()
                + " v WHERE v.chunk_id = c.id)"
                + from
                + " ORDER BY c.id LIMIT ?";
    return Columns.inTransaction(
        dataSource,
        "finding chunks without vectors",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (after != null) {
              ps.setObject(p++, after);
            }
            ps.setInt(p, limit);
            List<Missing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Missing(rs.getObject(1, UUID.class), rs.getString(2)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public long countMissing(EmbeddingGeneration g) {
    return Columns.inTransaction(
        dataSource, "counting chunks without vectors", c -> countMissing(c, g));
  }

  private static long countMissing(Connection c, EmbeddingGeneration g) throws SQLException {
    String sql =
        g.inChunksTable()
            ? "SELECT count(*) FROM chunks c WHERE c.embedding IS NULL"
            : "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors_"
                + g.id()
                + " v WHERE v.chunk_id = c.id)";
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public int store(EmbeddingGeneration g, List<UUID> chunkIds, List<float[]> vectors) {
    if (chunkIds.size() != vectors.size()) {
      throw new IllegalArgumentException("one vector per chunk");
    }
    // Joined with chunks, so a chunk deleted since it was listed is skipped, not a FK failure.
    String sql =
        g.inChunksTable()
            ? "UPDATE chunks c SET embedding = x.e::vector FROM unnest(?::uuid[], ?::text[])"
                + " AS x(id, e) WHERE c.id = x.id AND c.embedding IS NULL"
            : "INSERT INTO chunk_vectors_"
                + g.id()
                + "(chunk_id, embedding) SELECT x.id, x.e::vector FROM unnest(?::uuid[],"
                + " ?::text[]) AS x(id, e) JOIN chunks c ON c.id = x.id ON CONFLICT DO NOTHING";
    return Columns.inTransaction(
        dataSource,
        "storing generation vectors",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", chunkIds.toArray()));
            ps.setArray(
                2,
                c.createArrayOf(
                    "text", vectors.stream().map(v -> new PGvector(v).getValue()).toArray()));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void count(int id, long reused, long computed) {
    update(
        "UPDATE embedding_generations SET vectors_reused = vectors_reused + ?, vectors_computed ="
            + " vectors_computed + ? WHERE id = ?",
        reused,
        computed,
        id);
  }

  @Override
  public void markReady(int id) {
    update(
        "UPDATE embedding_generations SET state = 'ready', built_at = now() WHERE id = ? AND"
            + " state = 'building'",
        id);
  }

  @Override
  public void markFailed(int id, String error) {
    update(
        "UPDATE embedding_generations SET state = 'failed', error = ? WHERE id = ? AND state ="
            + " 'building'",
        error,
        id);
  }

  @Override
  public EmbeddingGeneration activate(int id) {
    Columns.inTransaction(
        dataSource,
        "switching generations",
        c -> {
          int current;
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT generation_id FROM embedding_serving FOR UPDATE");
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalStateException("no generation serves yet");
            }
            current = rs.getInt(1);
          }
          EmbeddingGeneration target;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM embedding_generations g WHERE g.id = ? FOR UPDATE")) {
            ps.setInt(1, id);
            List<EmbeddingGeneration> found = read(ps);
            if (found.isEmpty()) {
              throw new IllegalStateException("no generation " + id);
            }
            target = found.get(0);
          }
          if (current == id) {
            return null;
          }
          if (target.state() != State.READY && target.state() != State.RETIRED) {
            throw new IllegalStateException(
                "generation " + id + " is " + target.state().wire() + ", not ready or retired");
          }
          // Writers committing after this count wait for nothing: a chunk written meanwhile by a
          // model of another generation is caught up later, and search reads the pointer per query.
          long missing = countMissing(c, target);
          if (missing > 0) {
            throw new Incomplete(
                "generation " + id + " still lacks vectors for " + missing + " chunks");
          }
          try (PreparedStatement serve =
                  c.prepareStatement(
                      "UPDATE embedding_serving SET generation_id = ?, previous_id = ?, switched_at"
                          + " = now()");
              PreparedStatement retire =
                  c.prepareStatement(
                      "UPDATE embedding_generations SET state = 'retired', retired_at = now()"
                          + " WHERE id = ?");
              PreparedStatement activate =
                  c.prepareStatement(
                      "UPDATE embedding_generations SET state = 'active', activated_at = now(),"
                          + " retired_at = NULL WHERE id = ?")) {
            serve.setInt(1, id);
            serve.setInt(2, current);
            serve.executeUpdate();
            retire.setInt(1, current);
            retire.executeUpdate();
            activate.setInt(1, id);
            activate.executeUpdate();
          }
          return null;
        });
    return get(id).orElseThrow();
  }

  @Override
  public List<EmbeddingGeneration> expired(Duration grace) {
    return Columns.inTransaction(
        dataSource,
        "reading generations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM embedding_generations g WHERE (g.state = 'retired'"
                      + " AND g.retired_at < ?) OR g.state = 'failed' ORDER BY g.id")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(grace)));
            return read(ps);
          }
        });
  }

  @Override
  public void drop(int id) {
    Columns.inTransaction(
        dataSource,
        "dropping a generation",
        c -> {
          try (PreparedStatement serving =
                  c.prepareStatement("SELECT generation_id FROM embedding_serving FOR UPDATE");
              ResultSet rs = serving.executeQuery()) {
            if (rs.next() && rs.getInt(1) == id) {
              throw new IllegalStateException("generation " + id + " serves: it cannot be dropped");
            }
          }
          try (PreparedStatement mark =
              c.prepareStatement(
                  "UPDATE embedding_generations SET state = 'dropped', dropped_at = now() WHERE id"
                      + " = ? AND state IN ('retired', 'ready', 'failed', 'building')")) {
            mark.setInt(1, id);
            if (mark.executeUpdate() == 0) {
              return null;
            }
          }
          String drop =
              id == 1
                  ? "UPDATE chunks SET embedding = NULL WHERE embedding IS NOT NULL"
                  : "SELECT generation_table_drop(" + id + ")";
          try (PreparedStatement ps = c.prepareStatement(drop)) {
            ps.execute();
          }
          return null;
        });
  }

  private Optional<EmbeddingGeneration> one(String sql, Integer id) {
    return Columns.inTransaction(
        dataSource,
        "reading generations",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
              ps.setInt(1, id);
            }
            List<EmbeddingGeneration> all = read(ps);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
          }
        });
  }

  private void update(String sql, Object... params) {
    Columns.inTransaction(
        dataSource,
        "updating a generation",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
            return null;
          }
        });
  }

  private static List<EmbeddingGeneration> read(PreparedStatement ps) throws SQLException {
    List<EmbeddingGeneration> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new EmbeddingGeneration(
                rs.getInt(1),
                rs.getString(2),
                rs.getInt(3),
                State.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                instant(rs, 5),
                instant(rs, 6),
                instant(rs, 7),
                instant(rs, 8),
                instant(rs, 9),
                rs.getLong(10),
                rs.getLong(11),
                rs.getString(12)));
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
