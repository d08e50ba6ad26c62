package io.tributary.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.DocumentInput;
import io.tributary.model.RecordKey;
import io.tributary.model.SourceRecord;
import io.tributary.pipeline.SqlFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Encrypted originals of records sent over HTTP and of uploaded files, in {@code record_originals}
 * (opt-in: {@code tributary.originals.enabled}). Only ciphertext reaches the database: the JSON of
 * the original is sealed with {@link OriginalCipher} bound to {@code source/id}, the record's
 * stored (redacted) id. With the feature off nothing is kept and {@link #open} finds nothing.
 * Thread-safe.
 */
@ApplicationScoped
public class OriginalVault {

  private static final Logger LOG = Logger.getLogger(OriginalVault.class);

  /**
   * What is sealed: a record as it was sent, or an uploaded file.
   *
   * @param record the record, or {@code null} for a file
   * @param file the file, or {@code null} for a record
   */
  public record Kept(KeptRecord record, KeptFile file) {}

  /** A record as sent (its raw id: sealed, never stored in clear). */
  public record KeptRecord(
      String id,
      Long version,
      Map<String, String> fields,
      String text,
      List<String> acl,
      Map<String, String> metadata,
      String kind) {}

  /** An uploaded file. */
  public record KeptFile(String fileName, String declaredType, byte[] content, List<String> acl) {}

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final OriginalCipher cipher;

  /** A vault that keeps nothing (the feature off), for tests of the pipeline without a database. */
  public static OriginalVault off() {
    return new OriginalVault();
  }

  private OriginalVault() {
    this.dataSource = null;
    this.json = null;
    this.cipher = null;
  }

  @Inject
  public OriginalVault(DataSource dataSource, ObjectMapper json, OriginalsConfig config) {
    this.dataSource = dataSource;
    this.json = json;
    if (config.enabled()) {
      this.cipher =
          OriginalCipher.parse(
              config
                  .keys()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "tributary.originals.enabled is true but no key is set"
                                  + " (TRIBUTARY_ORIGINALS_KEYS=id:base64,...)")));
      LOG.infof("encrypted originals on; sealing key %s", cipher.currentKeyId());
    } else {
      this.cipher = null;
    }
  }

  /** Whether originals are kept. */
  public boolean enabled() {
    return cipher != null;
  }

  /** Keeps a record as sent, under its stored id. Does nothing when the feature is off. */
  public void keep(String storedId, SourceRecord sent) {
    if (cipher == null) {
      return;
    }
    store(
        new RecordKey(sent.key().source(), storedId),
        new Kept(
            new KeptRecord(
                sent.key().id(),
                sent.version(),
                sent.fields(),
                sent.text(),
                sent.acl(),
                sent.metadata(),
                sent.kind().name()),
            null));
  }

  /** Keeps an uploaded file under its root document's stored id. */
  public void keep(String storedId, DocumentInput file) {
    if (cipher == null) {
      return;
    }
    store(
        new RecordKey(file.key().source(), storedId),
        new Kept(
            null, new KeptFile(file.fileName(), file.declaredType(), file.content(), file.acl())));
  }

  /**
   * The kept original of a stored record, or empty when none is kept, the feature is off or it does
   * not open (its key is no longer configured; logged without content).
   */
  public Optional<Kept> open(RecordKey stored) {
    if (cipher == null) {
      return Optional.empty();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT key_id, nonce, ciphertext FROM record_originals WHERE source = ? AND"
                    + " external_id = ?")) {
      ps.setString(1, stored.source());
      ps.setString(2, stored.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        OriginalCipher.Sealed sealed =
            new OriginalCipher.Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3));
        byte[] plain = cipher.open(sealed, associated(stored));
        return Optional.of(json.readValue(plain, Kept.class));
      }
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "reading the original of " + stored);
    } catch (OriginalCipher.Unreadable e) {
      LOG.warnf("original of %s not readable: %s", stored, e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      LOG.warnf("original of %s not readable: %s", stored, e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private void store(RecordKey key, Kept kept) {
    byte[] plain;
    try {
      plain = json.writeValueAsBytes(kept);
    } catch (IOException e) {
      throw new IllegalStateException("an original is not serialisable", e);
    }
    OriginalCipher.Sealed sealed = cipher.seal(plain, associated(key));
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO record_originals(source, external_id, key_id, nonce, ciphertext)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, external_id) DO UPDATE SET"
                    + " key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, ciphertext ="
                    + " EXCLUDED.ciphertext, stored_at = now()")) {
      ps.setString(1, key.source());
      ps.setString(2, key.id());
      ps.setString(3, sealed.keyId());
      ps.setBytes(4, sealed.nonce());
      ps.setBytes(5, sealed.ciphertext());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.classify(e, "keeping the original of " + key);
    }
  }

  private static String associated(RecordKey key) {
    return key.source() + "\u0000" + key.id();
  }
}
