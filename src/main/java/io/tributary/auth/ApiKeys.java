package io.tributary.auth;

import io.tributary.config.TributaryConfig;
import io.tributary.model.AuditEntry;
import io.tributary.store.AuditSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * API keys in table {@code api_keys}: created (the secret returned once, only its hash kept),
 * listed, revoked, looked up on every request. Creation and revocation are audited in the same
 * transaction. Thread-safe.
 */
@ApplicationScoped
public class ApiKeys {

  /** What a new key may do. */
  public record Spec(String name, List<String> roles, List<String> groups, Duration ttl) {
    public Spec {
      roles = List.copyOf(roles);
      groups = List.copyOf(groups);
    }
  }

  /** A new key: its stored form and the credential, shown once. */
  public record Created(ApiKey key, String credential) {}

  private static final String COLUMNS =
      "id, name, roles, groups, created_by, created_at, expires_at, revoked_at, last_used_at";

  private final DataSource db;
  private final AuditSink audit;
  private final Duration lastUsedInterval;
  private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();

  public ApiKeys(DataSource db, AuditSink audit, TributaryConfig config) {
    this.db = db;
    this.audit = audit;
    this.lastUsedInterval = config.auth().keyLastUsedInterval();
  }

  public Created create(Spec spec, String createdBy, Instant now) throws SQLException {
    KeyToken token = KeyToken.generate();
    Instant expires = now.plus(spec.ttl());
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO api_keys(id, name, secret_sha256, roles, groups, created_by,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, token.id());
          ps.setString(2, spec.name());
          ps.setString(3, token.secretHash());
          ps.setArray(4, c.createArrayOf("text", spec.roles().toArray()));
          ps.setArray(5, c.createArrayOf("text", spec.groups().toArray()));
          ps.setString(6, createdBy);
          ps.setTimestamp(7, Timestamp.from(now));
          ps.setTimestamp(8, Timestamp.from(expires));
          ps.executeUpdate();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("keyId", token.id());
        detail.put("name", spec.name());
        detail.put("roles", spec.roles());
        detail.put("groups", spec.groups());
        detail.put("expiresAt", expires.toString());
        audit.append(c, List.of(new AuditEntry(createdBy, "key.created", null, null, detail)));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    ApiKey key =
        new ApiKey(
            token.id(),
            spec.name(),
            spec.roles(),
            spec.groups(),
            createdBy,
            now,
            expires,
            null,
            null);
    return new Created(key, token.wire());
  }

  /** Revokes a key; false when there is no such key or it was revoked before. */
  public boolean revoke(String id, String revokedBy, Instant now) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        int n;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setString(2, id);
          n = ps.executeUpdate();
        }
        if (n == 1) {
          audit.append(
              c,
              List.of(new AuditEntry(revokedBy, "key.revoked", null, null, Map.of("keyId", id))));
        }
        c.commit();
        return n == 1;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public List<ApiKey> list() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
        ResultSet rs = ps.executeQuery()) {
      List<ApiKey> out = new ArrayList<>();
      while (rs.next()) {
        out.add(key(rs));
      }
      return out;
    }
  }

  /** The key a credential names, if its secret matches (whether usable is the caller's check). */
  public Optional<ApiKey> verify(KeyToken token) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + ", secret_sha256 FROM api_keys WHERE id = ?")) {
      ps.setString(1, token.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !token.matches(rs.getString("secret_sha256"))) {
          return Optional.empty();
        }
        return Optional.of(key(rs));
      }
    }
  }

  /** Records that a key was used, at most once per key per configured interval. */
  public void touch(String id, Instant now) throws SQLException {
    Instant last = lastUsedWritten.get(id);
    if (last != null && last.plus(lastUsedInterval).isAfter(now)) {
      return;
    }
    lastUsedWritten.put(id, now);
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE api_keys SET last_used_at = ? WHERE id = ?")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getString("id"),
        rs.getString("name"),
        strings(rs.getArray("roles")),
        strings(rs.getArray("groups")),
        rs.getString("created_by"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("revoked_at")),
        instant(rs.getTimestamp("last_used_at")));
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
