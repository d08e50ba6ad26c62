package io.tributary.store;

import com.pgvector.PGvector;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@link EmbeddingCache} in the {@code embedding_cache} table. */
@ApplicationScoped
public class JdbcEmbeddingCache implements EmbeddingCache {

  private static final HexFormat HEX = HexFormat.of();

  private final DataSource dataSource;

  public JdbcEmbeddingCache(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Map<String, float[]> get(String modelId, List<String> textSha256) {
    Map<String, float[]> out = new TreeMap<>();
    if (textSha256.isEmpty()) {
      return out;
    }
    return Columns.inTransaction(
        dataSource,
        "reading the embedding cache",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT encode(text_sha256, 'hex'), embedding::text FROM embedding_cache WHERE"
                      + " model_id = ? AND text_sha256 IN (SELECT decode(h, 'hex') FROM"
                      + " unnest(?::text[]) AS h)")) {
            ps.setString(1, modelId);
            // hex text: the driver has no bytea[] parameters
            ps.setArray(
                2,
                c.createArrayOf(
                    "text",
                    textSha256.stream().filter(h -> HEX.parseHex(h).length == 32).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), new PGvector(rs.getString(2)).toArray());
              }
            }
            return out;
          }
        });
  }

  @Override
  public void put(String modelId, Map<String, float[]> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    // Sorted keys: concurrent writers of overlapping batches take row locks in one order.
    Map<String, float[]> sorted = new TreeMap<>(vectors);
    Columns.inTransaction(
        dataSource,
        "writing the embedding cache",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO embedding_cache(model_id, text_sha256, embedding) SELECT ?,"
                      + " decode(x.h, 'hex'), x.e::vector FROM unnest(?::text[], ?::text[]) AS"
                      + " x(h, e) ON CONFLICT DO NOTHING")) {
            ps.setString(1, modelId);
            ps.setArray(2, c.createArrayOf("text", sorted.keySet().toArray()));
            ps.setArray(
                3,
                c.createArrayOf(
                    "text",
                    sorted.values().stream().map(v -> new PGvector(v).getValue()).toArray()));
            ps.executeUpdate();
            return null;
          }
        });
  }

  @Override
  public long evictUnused() {
    // Two anti-joins rather than one OR of them, which PostgreSQL would run as a subplan per row;
    // the chunk texts are hashed once per purge (sha256 of their UTF-8, as Sha256.hex hashes them).
    return Columns.inTransaction(
        dataSource,
        "evicting unused embedding cache entries",
        c -> {
          long n = 0;
          try (PreparedStatement models =
                  c.prepareStatement(
                      "DELETE FROM embedding_cache e WHERE NOT EXISTS (SELECT 1 FROM"
                          + " embedding_generations g WHERE g.model_id = e.model_id AND g.state IN"
                          + " ('building', 'ready', 'active', 'retired'))");
              PreparedStatement texts =
                  c.prepareStatement(
                      "DELETE FROM embedding_cache e WHERE NOT EXISTS (SELECT 1 FROM chunks ch"
                          + " WHERE sha256(convert_to(ch.text, 'UTF8')) = e.text_sha256)")) {
            n += models.executeUpdate();
            n += texts.executeUpdate();
          }
          return n;
        });
  }
}
