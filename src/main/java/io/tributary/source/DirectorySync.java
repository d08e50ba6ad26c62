package io.tributary.source;

import io.tributary.api.ProblemException;
import io.tributary.config.DirectorySpec;
import io.tributary.config.SourceCatalog;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.IngestPipeline;
import io.tributary.model.AuditEntry;
import io.tributary.model.DocumentInput;
import io.tributary.model.DocumentOutcome;
import io.tributary.model.IngestItem;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.Sha256;
import io.tributary.pipeline.ClusterLock;
import io.tributary.pipeline.FatalPipelineException;
import io.tributary.pipeline.RetriableException;
import io.tributary.source.files.ConfinedFolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Syncs a directory source: ingests new and changed files, deletes the documents of files that
 * disappeared. A file whose size and modification time match the ledger is not read; one whose
 * content hash matches is not parsed. Each file is recorded as pending before it is ingested and as
 * done after, so an interrupted sync is resumed by the next one, and because ingestion is
 * idempotent a file ingested twice is stored once. A folder that is missing or unreadable fails the
 * sync before anything is deleted: an unmounted share must not empty the index. One sync of a
 * source runs at a time across all instances ({@link ClusterLock}), and each run is audited as
 * {@code sync.run}. Files are read through a {@link ConfinedFolder}: a link, FIFO or hard link
 * found when a listed file is read (it may have been swapped in since the listing) is refused and
 * dead-lettered with its reason.
 */
@ApplicationScoped
public class DirectorySync {

  private static final Logger LOG = Logger.getLogger(DirectorySync.class);
  private static final String INSTANCE = instanceName();

  /** What one sync did. */
  @Schema(name = "SyncReport", description = "What one sync did.")
  public record Report(
      String source,
      @Schema(description = "Files the folder holds that match the source's glob.") int files,
      @Schema(description = "Files ingested with fresh chunks.") int indexed,
      @Schema(description = "Files read again whose content and ACL had not changed.")
          int unchanged,
      @Schema(description = "Files not read: size and modification time as last synced.")
          int skipped,
      @Schema(description = "Files refused or unparseable: dead-lettered.") int rejected,
      @Schema(description = "Documents deleted because their file is gone.") int deleted,
      @Schema(description = "Paths (relative to the folder) of the rejected files.")
          List<String> rejectedPaths) {}

  private final SourceCatalog sources;
  private final IngestPipeline pipeline;
  private final FileLedger ledger;
  private final long maxFileBytes;
  private final ClusterLock locks;

  public DirectorySync(
      SourceCatalog sources,
      IngestPipeline pipeline,
      FileLedger ledger,
      ClusterLock locks,
      TributaryConfig config) {
    this.sources = sources;
    this.pipeline = pipeline;
    this.ledger = ledger;
    this.locks = locks;
    this.maxFileBytes = config.documents().maxFileBytes();
  }

  /**
   * Runs a sync now; 409 when one of the source is already running on this or another instance, 404
   * when the source names no directory.
   */
  public Report sync(String source, String actor) {
    DirectorySpec spec = spec(source);
    try (ClusterLock.Held held =
        locks
            .tryAcquire(ClusterLock.Kind.DIRECTORY_SYNC, source)
            .orElseThrow(
                () ->
                    new ProblemException(
                        409,
                        "Sync running",
                        "a sync of " + source + " is running on this or another" + " instance"))) {
      return audited(source, spec, actor == null ? "sync" : actor);
    }
  }

  /**
   * Runs a sync unless one of the source is running on this or another instance; empty then, as the
   * next interval will see the files.
   */
  public Optional<Report> syncUnlessRunning(String source, String actor) {
    DirectorySpec spec = spec(source);
    Optional<ClusterLock.Held> lock = locks.tryAcquire(ClusterLock.Kind.DIRECTORY_SYNC, source);
    if (lock.isEmpty()) {
      LOG.debugf("sync %s: running elsewhere; this turn is skipped", source);
      return Optional.empty();
    }
    try (ClusterLock.Held held = lock.get()) {
      return Optional.of(audited(source, spec, actor));
    }
  }

  private DirectorySpec spec(String source) {
    DirectorySpec spec;
    try {
      spec = sources.reload(source).directory(); // an edited folder ACL applies now
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid source", e.getMessage());
    }
    if (spec == null) {
      throw new ProblemException(
          404, "Not a directory source", "config/sources/" + source + ".yaml names no directory");
    }
    return spec;
  }

  /**
   * Runs a sync under its lock and audits it as {@code sync.run}: this instance, start and end
   * (both inside the lock, so the runs of a source never overlap), outcome and counts.
   */
  private Report audited(String source, DirectorySpec spec, String actor) {
    Instant started = Instant.now();
    Report report;
    try {
      report = run(source, spec, actor);
    } catch (RuntimeException e) {
      try {
        pipeline.audit(
            runEntry(
                source, actor, started, "failed", Map.of("error", e.getClass().getSimpleName())));
      } catch (RuntimeException auditFailure) {
        e.addSuppressed(auditFailure); // the sync's own failure is the one to report
      }
      throw e;
    }
    pipeline.audit(
        runEntry(
            source,
            actor,
            started,
            "succeeded",
            Map.of(
                "files",
                report.files(),
                "indexed",
                report.indexed(),
                "unchanged",
                report.unchanged(),
                "skipped",
                report.skipped(),
                "rejected",
                report.rejected(),
                "deleted",
                report.deleted())));
    return report;
  }

  private static AuditEntry runEntry(
      String source, String actor, Instant started, String status, Map<String, Object> more) {
    Map<String, Object> detail = new LinkedHashMap<>(more);
    detail.put("instance", INSTANCE);
    detail.put("status", status);
    detail.put("startedAt", started.toString());
    detail.put("finishedAt", Instant.now().toString());
    return new AuditEntry(actor, "sync.run", source, null, detail);
  }

  /** Names this instance in the audit: host (a container's or pod's name) and process id. */
  private static String instanceName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown-host";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  private Report run(String source, DirectorySpec spec, String actor) {
    Path root = spec.path();
    if (!Files.isDirectory(root) || !Files.isReadable(root)) {
      throw new ProblemException(
          409,
          "Directory unavailable",
          "the folder of source " + source + " is missing or unreadable; nothing was changed");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + spec.glob());
    List<Path> files = list(root, matcher);
    ConfinedFolder folder = open(source, root);
    try {
      return syncFiles(source, spec, actor, root, files, folder);
    } finally {
      try {
        folder.close();
      } catch (IOException e) {
        // the sync's work is done; a handle that fails to close changes nothing of it
        LOG.warnf("sync %s: closing the folder failed (%s)", source, e.getClass().getSimpleName());
      }
    }
  }

  private static ConfinedFolder open(String source, Path root) {
    try {
      return ConfinedFolder.open(root);
    } catch (IOException e) {
      throw new ProblemException(
          409,
          "Directory unavailable",
          "the folder of source " + source + " could not be opened; nothing was changed");
    } catch (UnsupportedOperationException e) {
      throw new ProblemException(
          409,
          "Directory unavailable",
          "files cannot be read safely on this platform ("
              + e.getMessage()
              + "); nothing was changed");
    }
  }

  private Report syncFiles(
      String source,
      DirectorySpec spec,
      String actor,
      Path root,
      List<Path> files,
      ConfinedFolder folder) {
    Map<String, FileLedger.Entry> known = ledger.entries(source);
    String acl = String.join(",", spec.acl());
    Set<String> seen = new HashSet<>();
    Counts n = new Counts();
    for (Path file : files) {
      String path = relative(root, file);
      seen.add(path);
      try {
        syncFile(
            source,
            spec,
            actor,
            folder,
            root.relativize(file),
            file,
            path,
            known.get(path),
            acl,
            n);
      } catch (RetriableException | FatalPipelineException e) {
        throw e; // the database or the model is away: this sync stops, the pending file is redone
        // next time
      } catch (RuntimeException e) {
        LOG.errorf(
            "sync %s: a file failed unexpectedly (%s); the others go on",
            source, e.getClass().getSimpleName());
        n.reject(path);
      }
    }
    for (FileLedger.Entry gone : known.values()) {
      if (!seen.contains(gone.path())) {
        pipeline.deleteDocument(
            source, gone.documentId(), Origin.file(root.resolve(gone.path()).toString()), actor);
        ledger.forget(source, gone.path());
        n.deleted++;
      }
    }
    LOG.infof(
        "sync %s: %d files, %d indexed, %d unchanged, %d skipped, %d rejected, %d deleted",
        source, files.size(), n.indexed, n.unchanged, n.skipped, n.rejected, n.deleted);
    return new Report(
        source,
        files.size(),
        n.indexed,
        n.unchanged,
        n.skipped,
        n.rejected,
        n.deleted,
        n.rejectedPaths);
  }

  /** What one sync did so far. */
  private static final class Counts {
    int indexed;
    int unchanged;
    int skipped;
    int rejected;
    int deleted;
    final List<String> rejectedPaths = new ArrayList<>();

    void reject(String path) {
      rejected++;
      rejectedPaths.add(path);
    }
  }

  private void syncFile(
      String source,
      DirectorySpec spec,
      String actor,
      ConfinedFolder folder,
      Path relative,
      Path file,
      String path,
      FileLedger.Entry before,
      String acl,
      Counts n) {
    if (path.contains(DocumentInput.PART_SEPARATOR) || path.length() > RecordKey.MAX_ID_LENGTH) {
      LOG.warnf(
          "sync %s: a file name holds '!' or is longer than %d characters; it is not ingested",
          source, RecordKey.MAX_ID_LENGTH);
      n.reject(path);
      return;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      LOG.warnf(
          "sync %s: cannot stat a file (%s); it is kept as it was",
          source, e.getClass().getSimpleName());
      return;
    }
    long size = attrs.size();
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
    boolean sameAcl = before != null && acl.equals(before.acl());
    if (before != null
        && before.done()
        && sameAcl
        && before.size() == size
        && before.modified().equals(modified)) {
      n.skipped++;
      return;
    }
    ConfinedFolder.Content content;
    try {
      content = folder.read(relative, maxFileBytes);
    } catch (ConfinedFolder.Refused e) {
      refuse(source, actor, file, path, size, modified, acl, e.getMessage(), n);
      return;
    } catch (IOException e) {
      // locked or being copied: tried again next sync, nothing recorded as done
      LOG.warnf(
          "sync %s: cannot read a file now (%s); it is retried next sync",
          source, e.getClass().getSimpleName());
      return;
    }
    byte[] bytes = content.bytes();
    size = content.size();
    String hash = Sha256.hex(bytes);
    if (before != null && before.done() && sameAcl && hash.equals(before.contentHash())) {
      ledger.done(
          source,
          new FileLedger.Entry(path, path, size, modified, hash, before.status(), acl),
          null);
      n.unchanged++;
      return;
    }
    ledger.pending(source, path, path, size, modified);
    DocumentInput input =
        new DocumentInput(
            new RecordKey(source, path),
            file.getFileName().toString(),
            null,
            bytes,
            size,
            spec.acl(),
            Origin.file(file.toString()));
    DocumentOutcome outcome = pipeline.ingestDocuments(source, List.of(input), actor).get(0);
    IngestStatus status = outcome.document().status();
    ledger.done(
        source,
        new FileLedger.Entry(path, path, size, modified, hash, status.wire(), acl),
        outcome.document().error());
    switch (status) {
      // A file whose folder's ACL changed had its chunks rewritten with it (not re-embedded).
      case INDEXED, ACL_UPDATED -> n.indexed++;
      case REJECTED, CONFLICT -> n.reject(path);
      default -> n.unchanged++;
    }
  }

  /**
   * Dead-letters a file refused for what it is (a link, FIFO or hard link, perhaps swapped in since
   * the listing). It is recorded as rejected with its size and time, so the next sync tries it
   * again only when they change; a document indexed from an earlier version is kept, as for any
   * rejected new version.
   */
  private void refuse(
      String source,
      String actor,
      Path file,
      String path,
      long size,
      Instant modified,
      String acl,
      String reason,
      Counts n) {
    String why = "file refused: " + reason;
    pipeline.ingest(
        source,
        List.of(new IngestItem.Malformed(path, why, null, Origin.file(file.toString()))),
        actor);
    ledger.done(
        source,
        new FileLedger.Entry(
            path, path, size, modified, Sha256.hex(new byte[0]), IngestStatus.REJECTED.wire(), acl),
        why);
    n.reject(path);
  }

  private static List<Path> list(Path root, PathMatcher matcher) {
    try (Stream<Path> walk = Files.walk(root)) {
      // symbolic links are not followed: a link to /etc or /proc must not make its target
      // searchable
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> matcher.matches(root.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ProblemException(
          409, "Directory unavailable", "the folder could not be listed; nothing was changed");
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
