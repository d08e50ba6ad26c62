package io.tributary.jobs;

import io.tributary.config.DirectorySpec;
import io.tributary.config.SourceCatalog;
import io.tributary.config.TributaryConfig;
import io.tributary.model.DocumentInput;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.IngestPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a directory source's document (or one of its attachments) back from its file: the file is
 * parsed again and the part with the record's id is returned. Uploaded files are not kept, so they
 * are not handled here (they need a resend).
 */
@ApplicationScoped
public class FileOriginalReader implements OriginalReader {

  private final IngestPipeline pipeline;
  private final SourceCatalog sources;
  private final long maxFileBytes;

  public FileOriginalReader(IngestPipeline pipeline, SourceCatalog sources, TributaryConfig config) {
    this.pipeline = pipeline;
    this.sources = sources;
    this.maxFileBytes = config.documents().maxFileBytes();
  }

  @Override
  public boolean handles(Origin origin) {
    return origin != null && "file".equals(origin.transport()) && origin.path() != null;
  }

  @Override
  public Optional<IngestItem> read(String source, String recordId, Origin origin) {
    Path file = Path.of(origin.path());
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > maxFileBytes) {
        return Optional.empty();
      }
      int part = recordId.indexOf(DocumentInput.PART_SEPARATOR);
      String documentId = part < 0 ? recordId : recordId.substring(0, part);
      DocumentInput input = new DocumentInput(new RecordKey(source, documentId), file.getFileName().toString(), null,
          Files.readAllBytes(file), aclOf(source), origin);
      return pipeline.reparse(input, recordId).map(IngestItem.Valid::new);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private List<String> aclOf(String source) {
    DirectorySpec spec = sources.settings(source).directory();
    return spec == null ? List.of() : spec.acl();
  }
}
