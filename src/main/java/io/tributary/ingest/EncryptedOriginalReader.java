package io.tributary.ingest;

import io.tributary.model.DocumentInput;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads the encrypted original ({@link OriginalVault}) of a record sent over HTTP or of an uploaded
 * file's part, for a reindex under a new policy. Handles those origins only while the feature is
 * on; a record without a kept original (sent before it was turned on) stays {@code needsResend}.
 */
@ApplicationScoped
public class EncryptedOriginalReader implements OriginalReader {

  private final OriginalVault vault;
  private final IngestPipeline pipeline;

  public EncryptedOriginalReader(OriginalVault vault, IngestPipeline pipeline) {
    this.vault = vault;
    this.pipeline = pipeline;
  }

  @Override
  public boolean handles(Origin origin) {
    return vault.enabled()
        && origin != null
        && ("http".equals(origin.transport()) || "upload".equals(origin.transport()));
  }

  @Override
  public Optional<IngestItem> read(String source, String recordId, Origin origin) {
    int part = recordId.indexOf(DocumentInput.PART_SEPARATOR);
    String rootId = part < 0 ? recordId : recordId.substring(0, part);
    Optional<OriginalVault.Kept> kept = vault.open(new RecordKey(source, rootId));
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    OriginalVault.KeptRecord r = kept.get().record();
    if (r != null) {
      return part < 0
          ? Optional.of(
              new IngestItem.Valid(
                  new SourceRecord(
                      new RecordKey(source, r.id()),
                      r.version(),
                      RecordOp.UPSERT,
                      r.fields(),
                      r.text(),
                      r.acl(),
                      r.metadata(),
                      origin,
                      RecordKind.valueOf(r.kind()))))
          : Optional.empty();
    }
    OriginalVault.KeptFile f = kept.get().file();
    DocumentInput input =
        new DocumentInput(
            new RecordKey(source, rootId),
            f.fileName(),
            f.declaredType(),
            f.content(),
            f.acl(),
            origin);
    return pipeline.reparse(input, recordId).map(IngestItem.Valid::new);
  }
}
