package io.tributary.source;

import io.tributary.config.DirectorySpec;
import io.tributary.config.SourceCatalog;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.IngestPipeline;
import io.tributary.ingest.OriginalReader;
import io.tributary.model.DocumentInput;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.source.files.ConfinedFolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a directory source's document (or one of its attachments) back from its file: the file is
 * parsed again and the part with the record's id is returned. Uploaded files are not kept, so they
 * are not handled here (they need a resend). The file is read through a {@link ConfinedFolder} of
 * the source's folder, as a sync reads it: a path outside the folder as configured now, a link
 * (anywhere on the path), a FIFO or a hard link is refused and the part is not re-read.
 */
@ApplicationScoped
public class FileOriginalReader implements OriginalReader {

  private static final Logger LOG = Logger.getLogger(FileOriginalReader.class);

  private final IngestPipeline pipeline;
  private final SourceCatalog sources;
  private final FileLedger ledger;
  private final long maxFileBytes;

  public FileOriginalReader(
      IngestPipeline pipeline, SourceCatalog sources, TributaryConfig config, FileLedger ledger) {
    this.pipeline = pipeline;
    this.ledger = ledger;
    this.sources = sources;
    this.maxFileBytes = config.documents().maxFileBytes();
  }

  @Override
  public boolean handles(Origin origin) {
    return origin != null && "file".equals(origin.transport()) && origin.path() != null;
  }

  @Override
  public Optional<IngestItem> read(String source, String recordId, Origin origin) {
    DirectorySpec spec = sources.settings(source).directory();
    if (spec == null) {
      return Optional.empty(); // no longer a directory source: no folder to confine the read to
    }
    Path root = spec.path();
    Path file = located(source, root, origin.path());
    if (!file.startsWith(root)) {
      LOG.warnf(
          "reindex %s/%s: the file is not in the source's folder; it is not re-read",
          source, recordId);
      return Optional.empty();
    }
    try (ConfinedFolder folder = ConfinedFolder.open(root)) {
      ConfinedFolder.Content content = folder.read(root.relativize(file), maxFileBytes);
      if (content.size() > maxFileBytes) {
        return Optional.empty();
      }
      int part = recordId.indexOf(DocumentInput.PART_SEPARATOR);
      String documentId = part < 0 ? recordId : recordId.substring(0, part);
      DocumentInput input =
          new DocumentInput(
              new RecordKey(source, documentId),
              file.getFileName().toString(),
              null,
              content.bytes(),
              spec.acl(),
              origin);
      return pipeline.reparse(input, recordId).map(IngestItem.Valid::new);
    } catch (ConfinedFolder.Refused e) {
      LOG.warnf("reindex %s/%s: file refused: %s", source, recordId, e.getMessage());
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * The file an origin names. A path with personal data in it was stored redacted ({@code
   * [EMAIL:…]}); it is found again among the sync ledger's files by redacting each one's path the
   * same way (stable, keyed), which costs one pass over the ledger for such files only.
   */
  private Path located(String source, Path root, String originPath) {
    Path direct = Path.of(originPath);
    if (!originPath.contains("[") || Files.exists(direct, LinkOption.NOFOLLOW_LINKS)) {
      return direct;
    }
    for (FileLedger.Entry e : ledger.entries(source).values()) {
      Path candidate = root.resolve(e.path());
      if (pipeline.recordId(candidate.toString()).equals(originPath)) {
        return candidate;
      }
    }
    return direct;
  }
}
