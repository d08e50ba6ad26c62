package io.tributary.ingest;

import io.tributary.audit.AuditLog;
import io.tributary.chunk.Chunker;
import io.tributary.chunk.DocumentChunker;
import io.tributary.chunk.RecordRenderer;
import io.tributary.config.SourceCatalog;
import io.tributary.config.SourceSettings;
import io.tributary.config.TributaryConfig;
import io.tributary.embed.Embedder;
import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.DeadLetter;
import io.tributary.model.DocumentInput;
import io.tributary.model.DocumentOutcome;
import io.tributary.model.EmbeddedChunk;
import io.tributary.model.EqualVersion;
import io.tributary.model.IngestItem;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.ParsedDocument;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordKind;
import io.tributary.model.RecordOp;
import io.tributary.model.RecordOutcome;
import io.tributary.model.RecordWrite;
import io.tributary.model.RedactedRecord;
import io.tributary.model.RedactionReport;
import io.tributary.model.Sha256;
import io.tributary.model.SourceRecord;
import io.tributary.model.StoredRecord;
import io.tributary.parse.DocumentParser;
import io.tributary.pipeline.DeadLetters;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.StageClock.Stage;
import io.tributary.pipeline.StageGuard;
import io.tributary.pipeline.StageName;
import io.tributary.pipeline.VersionConflictException;
import io.tributary.redact.Redactor;
import io.tributary.store.ChunkReader;
import io.tributary.store.RecordWriter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The only class that knows every ingest stage: redact, render, chunk, embed, store, with audit and
 * dead letters beside them.
 *
 * <p>A batch is processed record by record up to the embedding, embedded together, then stored
 * record by record, each in its own transaction. Outcomes come back in input order. A poison record
 * is dead-lettered and reported {@code rejected}; its neighbours go on. A record whose version is
 * stored with other content is, under the source's {@code equal-version: reject}, dead-lettered and
 * reported {@code conflict}; the store decides that under the record's row lock. A retriable or
 * fatal fault propagates: what was already stored stays stored, and because every step is
 * idempotent the caller may re-send the whole batch.
 */
@ApplicationScoped
public class IngestPipeline {

  private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
  static final int PREVIEW_CHARS = 256;

  private final SourceCatalog sources;
  private final Redactor redactor;
  private final RecordRenderer renderer;
  private final Chunker chunker;
  private final DocumentParser parser;
  private final DocumentChunker documentChunker;
  private final Embedder embedder;
  private final RecordWriter writer;
  private final ChunkReader reader;
  private final DeadLetters deadLetters;
  private final AuditLog audit;
  private final IngestMetrics metrics;
  private final OriginalVault vault;
  private final EmbeddingLane.Size laneSize;

  /**
   * Where batches are embedded while the caller prepares (and later writes); one model call per
   * batch at a time, so one thread per core serves that many concurrent batches.
   */
  /** How long stopping waits for the embedding batches in flight. */
  private static final int STOP_WAIT_SECONDS = 10;

  private final ExecutorService embedding;

  public IngestPipeline(
      SourceCatalog sources,
      Redactor redactor,
      RecordRenderer renderer,
      Chunker chunker,
      DocumentParser parser,
      DocumentChunker documentChunker,
      Embedder embedder,
      RecordWriter writer,
      ChunkReader reader,
      DeadLetters deadLetters,
      AuditLog audit,
      IngestMetrics metrics,
      OriginalVault vault,
      EmbeddingLane.Size laneSize) {
    this.sources = sources;
    this.redactor = redactor;
    this.renderer = renderer;
    this.chunker = chunker;
    this.parser = parser;
    this.documentChunker = documentChunker;
    this.embedder = embedder;
    this.writer = writer;
    this.reader = reader;
    this.deadLetters = deadLetters;
    this.audit = audit;
    this.metrics = metrics;
    this.vault = vault;
    this.laneSize = laneSize;
    this.embedding =
        Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(),
            r -> {
              Thread t = new Thread(r, "ingest-embed");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A redacted, rendered record. {@code chunks} is null when it needs no embedding: the store has
   * it already ({@code stored}; with another ACL when {@code aclOnly}), or an earlier item of the
   * same batch carries the same content ({@code sameAs}). {@code rawDigest} is the delivery's
   * ({@link Redactor#rawDigest}), null for a record re-processed from its redacted form. A record
   * that the store holds from a delivery with the same raw digest is not redacted at all: its
   * {@code record} then has the delivery's key, version and origin and nothing redacted.
   */
  private record Pending(
      int index,
      RedactedRecord record,
      List<Chunk> chunks,
      String contentHash,
      String pipelineVersion,
      StoredRecord stored,
      Pending sameAs,
      boolean aclOnly,
      String rawDigest) {}

  /** The lanes' size from {@code tributary.ingest}. */
  @Produces
  @Singleton
  static EmbeddingLane.Size laneSize(TributaryConfig config) {
    return new EmbeddingLane.Size(
        config.ingest().embedGroupTexts(), config.ingest().embedGroupsInFlight());
  }

  /**
   * Lets the embedding batches in flight finish (their records are then written or failed as usual)
   * before the lane's threads are interrupted; the model itself refuses calls once closed.
   */
  @PreDestroy
  void stop() {
    embedding.shutdown();
    try {
      if (!embedding.awaitTermination(STOP_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        embedding.shutdownNow();
      }
    } catch (InterruptedException e) {
      embedding.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public List<RecordOutcome> ingest(String source, List<IngestItem> items, String actor) {
    List<RecordOutcome> result = ingest(source, items, actor, Map.of());
    keepOriginals(items, result);
    return result;
  }

  /**
   * Re-renders, re-chunks and re-embeds records from their kept redacted form (a reindex after a
   * change of template, chunker or model, when the redaction policy is the one they went through):
   * no redaction runs, nothing raw is needed. Same outcomes and audit as {@link #ingest}.
   */
  public List<RecordOutcome> ingestRedacted(
      String source, List<RedactedRecord> records, String actor) {
    List<IngestItem> items = new ArrayList<>(records.size());
    Map<Integer, RedactedRecord> redacted = new LinkedHashMap<>();
    for (RedactedRecord r : records) {
      redacted.put(items.size(), r);
      items.add(new IngestItem.Valid(r.source()));
    }
    return ingest(source, items, actor, redacted);
  }

  /**
   * Keeps the encrypted originals of the HTTP records that were stored (when the feature is on).
   */
  private void keepOriginals(List<IngestItem> items, List<RecordOutcome> outcomes) {
    if (!vault.enabled()) {
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof IngestItem.Valid v
          && v.record().op() == RecordOp.UPSERT
          && "http".equals(v.record().origin().transport())
          && kept(outcomes.get(i).status())) {
        vault.keep(outcomes.get(i).id(), v.record());
      }
    }
  }

  private static boolean kept(IngestStatus status) {
    return status == IngestStatus.INDEXED
        || status == IngestStatus.UNCHANGED
        || status == IngestStatus.ACL_UPDATED;
  }

  private List<RecordOutcome> ingest(
      String source,
      List<IngestItem> items,
      String actor,
      Map<Integer, RedactedRecord> alreadyRedacted) {
    SourceSettings settings = sources.settings(source);
    EqualVersion equalVersion = settings.equalVersion();
    String policyVersion = redactor.policyVersion(settings);
    RecordOutcome[] outcomes = new RecordOutcome[items.size()];
    List<AuditEntry> auditEntries = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    List<Pending> sameAsEarlier = new ArrayList<>();
    Map<RecordKey, Pending> inBatch = new LinkedHashMap<>();
    Map<RecordKey, List<Pending>> embeddedInBatch = new HashMap<>();
    List<IngestItem> redactedItems = new ArrayList<>(items.size());
    List<RecordKey> upserts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      IngestItem item =
          alreadyRedacted.containsKey(i) ? items.get(i) : withRedactedId(items.get(i));
      redactedItems.add(item);
      if (item instanceof IngestItem.Valid v && v.record().op() == RecordOp.UPSERT) {
        upserts.add(v.record().key());
      }
    }
    // What the store holds for the whole batch, in one query; a record written earlier in this
    // batch is read again after that write.
    Writes writes = new Writes(upserts.isEmpty() ? Map.of() : reader.findAll(upserts));
    // Records are embedded in groups while the next ones are prepared.
    EmbeddingLane<Pending> lane =
        new EmbeddingLane<>(
            embedding,
            texts -> metrics.time(Stage.EMBED, () -> embedder.embed(texts)),
            p -> p.chunks().stream().map(Chunk::text).toList(),
            laneSize);
    for (int i = 0; i < items.size(); i++) {
      IngestItem item = redactedItems.get(i);
      RedactedRecord preRedacted = alreadyRedacted.get(i);
      try {
        if (item instanceof IngestItem.Malformed m) {
          outcomes[i] =
              reject(
                  source, m.id(), StageName.SOURCE, m.reason(), null, m.rawPreview(), m.origin());
          auditEntries.add(auditOf(source, outcomes[i], actor));
        } else {
          SourceRecord record = ((IngestItem.Valid) item).record();
          if (record.op() == RecordOp.DELETE) {
            embeddedInBatch.remove(record.key());
            supersede(
                inBatch.remove(record.key()), record, pending, lane, outcomes, auditEntries, actor);
            int at = i;
            writes.add(
                new RecordWriter.Write.Delete(
                    record, s -> auditOf(source, record.key().id(), s, 0, actor, null)),
                r -> outcomes[at] = settled(r, record, 0, source, actor, auditEntries));
          } else {
            Pending p =
                prepare(
                    i,
                    record,
                    settings,
                    policyVersion,
                    inBatch.get(record.key()),
                    embeddedInBatch.getOrDefault(record.key(), List.of()),
                    preRedacted,
                    writes);
            if (p.sameAs() != null) {
              sameAsEarlier.add(p);
            } else if (p.chunks() == null) {
              Pending newer = inBatch.get(record.key());
              if (newer != null
                  && newer.record().source().version() != null
                  && record.version() != null
                  && record.version() < newer.record().source().version()) {
                // Older than a delivery of this batch still being embedded: the store does not
                // hold that one yet, so it must not decide this one (an old snapshot would pass
                // for unchanged).
                staleBehind(p, newer, actor, auditEntries, outcomes);
              } else {
                decideWithoutEmbedding(p, equalVersion, actor, auditEntries, outcomes, writes);
              }
            } else {
              pending.add(p);
              lane.add(p);
              inBatch.put(record.key(), p);
              embeddedInBatch.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(p);
            }
          }
        }
      } catch (PoisonRecordException e) {
        outcomes[i] =
            reject(
                source, item.id(), e.stage(), e.getMessage(), e.causeClass(), null, originOf(item));
        auditEntries.add(auditOf(source, outcomes[i], actor));
      }
    }
    embedAndStore(source, equalVersion, pending, lane, outcomes, auditEntries, actor, writes);
    writes.flush();
    for (Pending p : sameAsEarlier) {
      afterEarlierCopy(p, outcomes, equalVersion, actor, auditEntries, writes);
    }
    writes.flush();
    metrics.time(
        Stage.AUDIT,
        () -> {
          audit.append(auditEntries);
          return null;
        });
    List<RecordOutcome> result = List.of(outcomes);
    metrics.record(source, result);
    return result;
  }

  /**
   * The store writes of one batch, waiting to be applied together ({@link RecordWriter#writeAll}),
   * each with what to do with its result. A record that a waiting write changes is read again after
   * the writes are applied; the others are read once for the batch.
   */
  private final class Writes {
    private final Map<RecordKey, StoredRecord> readBefore;
    private final List<RecordWriter.Write> waiting = new ArrayList<>();
    private final List<Consumer<RecordWriter.Result>> then = new ArrayList<>();
    private final Set<RecordKey> written = new HashSet<>();

    Writes(Map<RecordKey, StoredRecord> readBefore) {
      this.readBefore = readBefore;
    }

    void add(RecordWriter.Write write, Consumer<RecordWriter.Result> result) {
      waiting.add(write);
      then.add(result);
      written.add(write.record().key());
    }

    /**
     * The record as the batch's one read found it, or empty when it was not stored then or a write
     * of this batch changes it.
     */
    Optional<StoredRecord> storedBeforeWrites(RecordKey key) {
      return written.contains(key) ? Optional.empty() : Optional.ofNullable(readBefore.get(key));
    }

    /** The record as stored now: applies the waiting writes first when one of them is its. */
    Optional<StoredRecord> stored(RecordKey key) {
      if (!written.contains(key)) {
        return Optional.ofNullable(readBefore.get(key));
      }
      flush();
      return reader.find(key);
    }

    void flush() {
      if (waiting.isEmpty()) {
        return;
      }
      List<RecordWriter.Result> results = writer.writeAll(List.copyOf(waiting));
      List<Consumer<RecordWriter.Result>> handlers = List.copyOf(then);
      waiting.clear();
      then.clear();
      for (int i = 0; i < results.size(); i++) {
        handlers.get(i).accept(results.get(i));
      }
    }
  }

  /**
   * The outcome of a write without a pipeline-specific refusal: its status, or for a record whose
   * data the store refused, a dead letter.
   */
  private RecordOutcome settled(
      RecordWriter.Result r,
      SourceRecord record,
      int chunks,
      String source,
      String actor,
      List<AuditEntry> auditEntries) {
    if (r.refusal() instanceof PoisonRecordException e) {
      RecordOutcome rejected =
          reject(
              source,
              record.key().id(),
              e.stage(),
              e.getMessage(),
              e.causeClass(),
              null,
              record.origin());
      auditEntries.add(auditOf(source, rejected, actor));
      return rejected;
    }
    if (r.refusal() != null) {
      throw r.refusal();
    }
    return RecordOutcome.of(record.key().id(), r.status(), chunks);
  }

  /**
   * The item with its id redacted as an identifier: an id is stored, logged, audited and returned,
   * so a value a detector finds in it becomes its keyed pseudonym. The mapping is stable, so
   * re-sending the same id reaches the same record, and lookups by id apply the same mapping
   * ({@link #recordId}).
   */
  private IngestItem withRedactedId(IngestItem item) {
    if (item instanceof IngestItem.Malformed m) {
      String id = m.id() == null ? null : recordId(m.id());
      Origin origin = redactedOrigin(m.origin());
      return Objects.equals(id, m.id()) && origin == m.origin()
          ? m
          : new IngestItem.Malformed(id, m.reason(), m.rawPreview(), origin);
    }
    SourceRecord r = ((IngestItem.Valid) item).record();
    String id = recordId(r.key().id());
    Origin origin = redactedOrigin(r.origin());
    if (id.equals(r.key().id()) && origin == r.origin()) {
      return item;
    }
    return new IngestItem.Valid(
        new SourceRecord(
            new RecordKey(r.key().source(), id),
            r.version(),
            r.op(),
            r.fields(),
            r.text(),
            r.acl(),
            r.metadata(),
            origin,
            r.kind()));
  }

  /**
   * An origin whose file path or upload name is redacted as an identifier: every chunk's
   * provenance, dead letter and audit entry carries it. (A directory file whose path had to be
   * redacted is found again for a reindex through the sync's ledger.) The same origin when nothing
   * was redacted.
   */
  private Origin redactedOrigin(Origin origin) {
    if (origin.path() == null) {
      return origin;
    }
    String path = recordId(origin.path());
    return path.equals(origin.path())
        ? origin
        : new Origin(origin.transport(), origin.topic(), origin.partition(), origin.offset(), path);
  }

  /**
   * A record id as Tributary stores it ({@link Redactor#redactRecordId}). Should the redaction fail
   * on an id, the id is replaced whole by a hash of it.
   */
  public String recordId(String id) {
    return safely(() -> redactor.redactRecordId(id), "~" + Sha256.hex(id).substring(0, 32));
  }

  /**
   * Redacts, renders and hashes a record. Returns a {@link Pending} whose chunks are {@code null}
   * when the stored record makes embedding unnecessary (stale, unchanged, or the same content with
   * another ACL).
   */
  private Pending prepare(
      int index,
      SourceRecord record,
      SourceSettings settings,
      String policyVersion,
      Pending earlier,
      List<Pending> earlierOfKey,
      RedactedRecord preRedacted,
      Writes writes) {
    String rawDigest = preRedacted == null ? redactor.rawDigest(record) : null;
    if (rawDigest != null && earlier == null) {
      String pipelineVersion = pipelineVersion(policyVersion, record.key().source(), record.kind());
      Optional<StoredRecord> before = writes.storedBeforeWrites(record.key());
      if (before.isPresent() && before.get().holdsRaw(rawDigest, pipelineVersion)) {
        // Stored from this very delivery's raw content under this pipeline: redaction, rendering
        // and chunking would give what is stored, so only the delivery is recorded (or found
        // stale).
        StoredRecord stored = before.get();
        RedactedRecord notRedacted =
            new RedactedRecord(
                record, Map.of(), null, Map.of(), RedactionReport.NONE, policyVersion);
        return new Pending(
            index,
            notRedacted,
            null,
            stored.contentHash(),
            pipelineVersion,
            stored,
            null,
            false,
            rawDigest);
      }
    }
    RedactedRecord redacted =
        preRedacted != null
            ? preRedacted
            : metrics.time(
                Stage.REDACT,
                () -> StageGuard.run(StageName.REDACT, () -> redactor.redact(record, settings)));
    boolean document = record.kind() == RecordKind.DOCUMENT;
    String text = document ? redacted.fields() + "\u0000" + redacted.text() : render(redacted);
    String contentHash = contentHash(text, record.acl(), redacted.metadata());
    String pipelineVersion =
        pipelineVersion(redacted.policyVersion(), record.key().source(), record.kind());
    Pending twin = sameContent(earlier, contentHash, record, pipelineVersion) ? earlier : null;
    for (int e = earlierOfKey.size() - 1; twin == null && e >= 0; e--) {
      // A duplicate of an older delivery of the batch, with another between them (v1, v2, v1,
      // v2): the same version with the same content is that delivery again, not a new one.
      Pending older = earlierOfKey.get(e);
      if (record.version() != null
          && record.version().equals(older.record().source().version())
          && sameContent(older, contentHash, record, pipelineVersion)) {
        twin = older;
      }
    }
    if (twin != null) {
      return new Pending(
          index, redacted, null, contentHash, pipelineVersion, null, twin, false, rawDigest);
    }
    Optional<StoredRecord> found = writes.stored(record.key());
    if (found.isPresent()) {
      StoredRecord stored = found.get();
      // The stored hash taken again with the stored ACL: equal means the stored chunks and vectors
      // are this record's, whatever its ACL. The ACLs are compared as lists, not through the hash,
      // which joins them with commas.
      boolean sameChunks =
          stored.holds(contentHash(text, stored.acl(), redacted.metadata()), pipelineVersion);
      boolean sameAcl = stored.acl().equals(record.acl());
      if (stored.isNewerThan(record) || (sameChunks && sameAcl)) {
        return new Pending(
            index, redacted, null, contentHash, pipelineVersion, stored, null, false, rawDigest);
      }
      // With an earlier upsert of the record waiting in this batch, the ACL is not rewritten ahead
      // of it: this one is embedded and stored after it, as before.
      if (sameChunks && earlier == null) {
        return new Pending(
            index, redacted, null, contentHash, pipelineVersion, stored, null, true, rawDigest);
      }
    }
    List<Chunk> chunks =
        metrics.time(
            Stage.CHUNK,
            () ->
                StageGuard.run(
                    StageName.CHUNK,
                    () ->
                        document
                            ? documentChunker.chunk(
                                record.key(), redacted.fields().get("title"), redacted.text())
                            : chunker.chunk(record.key(), text)));
    if (chunks.isEmpty()) {
      throw new PoisonRecordException(
          StageName.CHUNK, "nothing left to index after redaction and rendering");
    }
    return new Pending(
        index,
        redacted,
        chunks,
        contentHash,
        pipelineVersion,
        found.orElse(null),
        null,
        false,
        rawDigest);
  }

  /**
   * SHA-256 of a record's redacted rendering, ACL and metadata: what makes a delivery the same as
   * the one stored.
   */
  private static String contentHash(String text, List<String> acl, Map<String, String> metadata) {
    return Sha256.hex(text + "\u0000" + String.join(",", acl) + "\u0000" + metadata);
  }

  /** Everything that shapes a record's chunks and vectors; a change means re-embedding. */
  private String pipelineVersion(String policyVersion, String source, RecordKind kind) {
    String shaping =
        kind == RecordKind.DOCUMENT
            ? parser.version() + "|" + documentChunker.version()
            : renderer.version(source) + "|" + chunker.version();
    return Sha256.hex(
            policyVersion + "|" + shaping + "|" + embedder.modelId() + ":" + embedder.dimension())
        .substring(0, 16);
  }

  /**
   * Parses files and ingests each, with its attachments as records of their own ({@code id!/path}),
   * in one embedding batch. A file or attachment that cannot be parsed is dead-lettered with its
   * reason; attachments that a new version of a file no longer has are deleted, so no chunk
   * outlives its file.
   */
  public List<DocumentOutcome> ingestDocuments(
      String source, List<DocumentInput> received, String actor) {
    List<DocumentInput> files = received.stream().map(this::withRedactedId).toList();
    List<List<ParsedDocument>> parsed = new ArrayList<>(files.size());
    List<IngestItem> items = new ArrayList<>();
    List<AuditEntry> auditEntries = new ArrayList<>();
    for (DocumentInput file : files) {
      List<ParsedDocument> parts = parse(file);
      parsed.add(parts);
      ParsedDocument root = parts.get(0);
      if (root.rejected()) {
        continue;
      }
      List<String> current = new ArrayList<>();
      for (ParsedDocument part : parts) {
        current.add(file.keyOf(part).id());
        if (!part.rejected()) {
          items.add(new IngestItem.Valid(file.toRecord(part)));
        }
      }
      for (String gone :
          reader.indexedIdsWithPrefix(source, file.key().id() + DocumentInput.PART_SEPARATOR)) {
        if (!current.contains(gone)) {
          items.add(
              new IngestItem.Valid(
                  new SourceRecord(
                      new RecordKey(source, gone),
                      null,
                      RecordOp.DELETE,
                      null,
                      null,
                      null,
                      null,
                      file.origin())));
        }
      }
    }
    Map<String, RecordOutcome> byId = new LinkedHashMap<>();
    List<RecordOutcome> outcomes = items.isEmpty() ? List.of() : ingest(source, items, actor);
    for (int i = 0; i < outcomes.size(); i++) {
      byId.put(
          items.get(i).id() + "\u0000" + ((IngestItem.Valid) items.get(i)).record().op(),
          outcomes.get(i));
    }
    List<DocumentOutcome> result = new ArrayList<>(files.size());
    List<RecordOutcome> parseRejected = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      DocumentInput file = files.get(f);
      List<RecordOutcome> parts = new ArrayList<>();
      RecordOutcome rootOutcome = null;
      for (ParsedDocument part : parsed.get(f)) {
        String id = file.keyOf(part).id();
        RecordOutcome o =
            part.rejected()
                ? reject(source, id, StageName.PARSE, part.rejection(), null, null, file.origin())
                : byId.get(id + "\u0000" + RecordOp.UPSERT);
        if (part.rejected()) {
          auditEntries.add(auditOf(source, o, actor));
          parseRejected.add(o);
        }
        if (part.isRoot()) {
          rootOutcome = o;
        } else if (o != null) {
          parts.add(o);
        }
      }
      result.add(new DocumentOutcome(rootOutcome, parts));
      if (vault.enabled()
          && rootOutcome != null
          && "upload".equals(file.origin().transport())
          && kept(rootOutcome.status())) {
        vault.keep(file.key().id(), received.get(f));
      }
    }
    audit.append(auditEntries);
    metrics.record(source, parseRejected);
    return result;
  }

  /**
   * Deletes a document and all its attachments; {@code id} as the caller knows it (redacted here).
   */
  public List<RecordOutcome> deleteDocument(
      String source, String givenId, Origin origin, String actor) {
    String id = recordId(givenId);
    List<IngestItem> items = new ArrayList<>();
    items.add(
        new IngestItem.Valid(
            new SourceRecord(
                new RecordKey(source, id), null, RecordOp.DELETE, null, null, null, null, origin)));
    for (String part : reader.indexedIdsWithPrefix(source, id + DocumentInput.PART_SEPARATOR)) {
      items.add(
          new IngestItem.Valid(
              new SourceRecord(
                  new RecordKey(source, part),
                  null,
                  RecordOp.DELETE,
                  null,
                  null,
                  null,
                  null,
                  origin)));
    }
    return ingest(source, items, actor);
  }

  /**
   * A file whose id (its name, unless the caller chose one) is redacted as an identifier, and so is
   * the name or path in its origin ({@link #redactedOrigin}).
   */
  private DocumentInput withRedactedId(DocumentInput file) {
    String id = recordId(file.key().id());
    Origin origin = redactedOrigin(file.origin());
    return id.equals(file.key().id()) && origin == file.origin()
        ? file
        : file.withKey(new RecordKey(file.key().source(), id), origin);
  }

  /**
   * Parses a file. Attachment names come from inside the file, so their sensitive parts are
   * pseudonymized before they become part of a record id.
   */
  private List<ParsedDocument> parse(DocumentInput file) {
    try {
      return metrics.time(Stage.PARSE, () -> parser.parse(file)).stream()
          .map(p -> p.isRoot() ? p : p.withPath(redactor.redactIdentifier(p.path())))
          .toList();
    } catch (
        Throwable e) { // NOPMD: an Error of one file (a parser's stack overflow) must not fail the
      // request
      LOG.errorf(
          "document %s: parser failed unexpectedly (%s)", file.key(), e.getClass().getSimpleName());
      return List.of(
          new ParsedDocument(
              "",
              Map.of(),
              "",
              "the parser failed on this file (" + e.getClass().getSimpleName() + ")"));
    }
  }

  /**
   * Appends an entry that no ingest produces (a sync run, say) to the audit log, for the stages
   * that may not know the log themselves.
   */
  public void audit(AuditEntry entry) {
    audit.append(entry);
  }

  /**
   * The pipeline versions a record and a document of the source get now (policy, detectors,
   * template or parser, chunker, model); a stored record with neither is re-processed by a reindex.
   */
  public List<String> currentPipelineVersions(String source) {
    String policy = redactor.policyVersion(sources.settings(source));
    return List.of(
        pipelineVersion(policy, source, RecordKind.RECORD),
        pipelineVersion(policy, source, RecordKind.DOCUMENT));
  }

  /**
   * The version of the redaction the source's records go through now: a record kept in redacted
   * form under another one must be re-processed from its original.
   */
  public String currentPolicyVersion(String source) {
    return redactor.policyVersion(sources.settings(source));
  }

  /**
   * A file's part re-read for a reindex: the file parsed again and the record of the part with this
   * id, or empty when the file no longer has it or cannot be parsed.
   */
  public Optional<SourceRecord> reparse(DocumentInput file, String recordId) {
    for (ParsedDocument part : parse(file)) {
      if (file.keyOf(part).id().equals(recordId)) {
        return part.rejected() ? Optional.empty() : Optional.of(file.toRecord(part));
      }
    }
    return Optional.empty();
  }

  /**
   * A delete follows an upsert of the same record in one batch. With versions on both, the store
   * orders them; otherwise arrival order decides and the upsert is not applied (reported stale).
   */
  private void supersede(
      Pending upsert,
      SourceRecord delete,
      List<Pending> pending,
      EmbeddingLane<Pending> lane,
      RecordOutcome[] outcomes,
      List<AuditEntry> auditEntries,
      String actor) {
    if (upsert == null
        || (delete.version() != null && upsert.record().source().version() != null)) {
      return;
    }
    pending.remove(upsert);
    lane.remove(upsert);
    RecordKey key = upsert.record().key();
    outcomes[upsert.index()] = RecordOutcome.of(key.id(), IngestStatus.STALE, 0);
    auditEntries.add(
        auditOf(key.source(), key.id(), IngestStatus.STALE, 0, actor, upsert.contentHash()));
  }

  /**
   * A re-delivery of content that an earlier item of the same batch carried: recorded, not
   * re-embedded.
   */
  private void afterEarlierCopy(
      Pending p,
      RecordOutcome[] outcomes,
      EqualVersion equalVersion,
      String actor,
      List<AuditEntry> auditEntries,
      Writes writes) {
    RecordKey key = p.record().key();
    RecordOutcome earlier = outcomes[p.sameAs().index()];
    if (earlier.status() == IngestStatus.REJECTED) {
      RecordOutcome rejected =
          reject(
              key.source(),
              key.id(),
              StageName.valueOf(earlier.stage()),
              earlier.error(),
              earlier.errorClass(),
              null,
              p.record().source().origin());
      auditEntries.add(auditOf(key.source(), rejected, actor));
      outcomes[p.index()] = rejected;
      return;
    }
    // An earlier copy that conflicted makes this one conflict too: the store re-checks under its
    // lock.
    writes.add(
        new RecordWriter.Write.Touch(
            p.record().source(),
            p.contentHash(),
            p.pipelineVersion(),
            equalVersion,
            s -> auditOf(key.source(), key.id(), s, earlier.chunks(), actor, p.contentHash()),
            p.rawDigest()),
        r ->
            outcomes[p.index()] =
                r.refusal() instanceof VersionConflictException e
                    ? conflict(p, e, actor, auditEntries)
                    : settled(
                        r,
                        p.record().source(),
                        earlier.chunks(),
                        key.source(),
                        actor,
                        auditEntries));
  }

  /**
   * Stale, unchanged or only its ACL changed: audited, nothing embedded; the outcome is set when
   * the write is applied (at once when stale).
   */
  private void decideWithoutEmbedding(
      Pending p,
      EqualVersion equalVersion,
      String actor,
      List<AuditEntry> auditEntries,
      RecordOutcome[] outcomes,
      Writes writes) {
    StoredRecord stored = p.stored();
    RecordKey key = p.record().key();
    SourceRecord record = p.record().source();
    if (stored.isNewerThan(record)) {
      auditEntries.add(
          auditOf(
              key.source(),
              key.id(),
              IngestStatus.STALE,
              stored.chunkCount(),
              actor,
              p.contentHash()));
      logStale(key, record, stored);
      outcomes[p.index()] = RecordOutcome.of(key.id(), IngestStatus.STALE, stored.chunkCount());
      return;
    }
    if (!p.aclOnly() && deliveredAsStored(p, record)) {
      // The store holds this very delivery (raw content, pipeline, version and origin): a touch
      // would rewrite nothing but the row's time, so only the delivery is audited. Decided on the
      // batch's read, which a concurrent writer may pass; this delivery is then ordered before it.
      auditEntries.add(
          auditOf(
              key.source(),
              key.id(),
              IngestStatus.UNCHANGED,
              stored.chunkCount(),
              actor,
              p.contentHash()));
      outcomes[p.index()] = RecordOutcome.of(key.id(), IngestStatus.UNCHANGED, stored.chunkCount());
      return;
    }
    RecordWriter.Write write =
        p.aclOnly()
            ? new RecordWriter.Write.UpdateAcl(
                record,
                stored.contentHash(),
                p.contentHash(),
                p.pipelineVersion(),
                equalVersion,
                s -> aclAuditOf(record, s, stored, actor, p.contentHash()),
                p.rawDigest())
            : new RecordWriter.Write.Touch(
                record,
                p.contentHash(),
                p.pipelineVersion(),
                equalVersion,
                s ->
                    auditOf(key.source(), key.id(), s, stored.chunkCount(), actor, p.contentHash()),
                p.rawDigest());
    writes.add(
        write,
        r -> {
          if (r.refusal() instanceof VersionConflictException e) {
            outcomes[p.index()] = conflict(p, e, actor, auditEntries);
            return;
          }
          RecordOutcome o =
              settled(r, record, stored.chunkCount(), key.source(), actor, auditEntries);
          if (o.status() == IngestStatus.ACL_UPDATED) {
            LOG.infof(
                "record %s acl-updated chunks=%d hash=%s (was %s), nothing re-embedded",
                key,
                stored.chunkCount(),
                p.contentHash().substring(0, 12),
                stored.contentHash().substring(0, 12));
          } else if (o.status() == IngestStatus.STALE) {
            logStale(key, record, stored);
          }
          outcomes[p.index()] = o;
        });
  }

  /**
   * Whether the stored record is this delivery as it was recorded: the same raw digest under the
   * same pipeline version (so the same content and ACL), the same version and the same origin.
   */
  private static boolean deliveredAsStored(Pending p, SourceRecord record) {
    StoredRecord stored = p.stored();
    return p.rawDigest() != null
        && stored.holdsRaw(p.rawDigest(), p.pipelineVersion())
        && Objects.equals(stored.version(), record.version())
        && Objects.equals(stored.origin(), record.origin());
  }

  private void staleBehind(
      Pending p,
      Pending newer,
      String actor,
      List<AuditEntry> auditEntries,
      RecordOutcome[] outcomes) {
    RecordKey key = p.record().key();
    int chunks = newer.chunks().size();
    auditEntries.add(
        auditOf(key.source(), key.id(), IngestStatus.STALE, chunks, actor, p.contentHash()));
    LOG.infof(
        "record %s version %s is stale (version %s precedes it in the batch)",
        key, p.record().source().version(), newer.record().source().version());
    outcomes[p.index()] = RecordOutcome.of(key.id(), IngestStatus.STALE, chunks);
  }

  private static boolean sameContent(
      Pending earlier, String contentHash, SourceRecord record, String pipelineVersion) {
    return earlier != null
        && earlier.contentHash().equals(contentHash)
        && earlier.record().acl().equals(record.acl())
        && earlier.pipelineVersion().equals(pipelineVersion);
  }

  private static void logStale(RecordKey key, SourceRecord record, StoredRecord stored) {
    LOG.infof("record %s version %s is stale (stored %s)", key, record.version(), stored.version());
  }

  private String render(RedactedRecord redacted) {
    return metrics.time(
        Stage.RENDER, () -> StageGuard.run(StageName.RENDER, () -> renderer.render(redacted)));
  }

  private void embedAndStore(
      String source,
      EqualVersion equalVersion,
      List<Pending> pending,
      EmbeddingLane<Pending> lane,
      RecordOutcome[] outcomes,
      List<AuditEntry> auditEntries,
      String actor,
      Writes writes) {
    List<EmbeddingLane.Group<Pending>> groups = lane.finish();
    if (pending.isEmpty()) {
      return;
    }
    Map<Pending, List<float[]>> vectors =
        embedIsolatingPoison(source, groups, pending, outcomes, auditEntries, actor);
    for (Map.Entry<Pending, List<float[]>> e : vectors.entrySet()) {
      Pending p = e.getKey();
      RecordKey key = p.record().key();
      List<EmbeddedChunk> embedded = new ArrayList<>(p.chunks().size());
      for (int c = 0; c < p.chunks().size(); c++) {
        embedded.add(new EmbeddedChunk(p.chunks().get(c), e.getValue().get(c)));
      }
      RecordWrite write =
          new RecordWrite(
              p.record(),
              embedded,
              p.contentHash(),
              p.pipelineVersion(),
              embedder.modelId(),
              p.rawDigest());
      writes.add(
          new RecordWriter.Write.Replace(
              write,
              equalVersion,
              s ->
                  withRedactions(
                      auditOf(
                          source,
                          key.id(),
                          s,
                          s == IngestStatus.INDEXED ? embedded.size() : 0,
                          actor,
                          p.contentHash()),
                      p.record())),
          r -> {
            if (r.refusal() instanceof VersionConflictException ex) {
              outcomes[p.index()] = conflict(p, ex, actor, auditEntries);
              return;
            }
            int chunkCount = r.status() == IngestStatus.INDEXED ? embedded.size() : 0;
            RecordOutcome o =
                settled(r, p.record().source(), chunkCount, source, actor, auditEntries);
            if (o.status() != IngestStatus.REJECTED) {
              LOG.infof(
                  "record %s %s chunks=%d hash=%s",
                  key, o.status().wire(), chunkCount, p.contentHash().substring(0, 12));
            }
            outcomes[p.index()] = o;
          });
    }
  }

  /**
   * The vectors of the pending records, from the lane's groups. When the model refuses a group, its
   * records are embedded one by one so that only the record it refuses is dead-lettered. A record
   * that a later delete of the batch superseded is left out.
   */
  private Map<Pending, List<float[]>> embedIsolatingPoison(
      String source,
      List<EmbeddingLane.Group<Pending>> groups,
      List<Pending> pending,
      RecordOutcome[] outcomes,
      List<AuditEntry> auditEntries,
      String actor) {
    Set<Pending> live = Collections.newSetFromMap(new IdentityHashMap<>());
    live.addAll(pending);
    Map<Pending, List<float[]>> out = new LinkedHashMap<>();
    for (EmbeddingLane.Group<Pending> group : groups) {
      try {
        List<float[]> all = group.join();
        int at = 0;
        for (Pending p : group.items()) {
          if (live.contains(p)) {
            out.put(p, all.subList(at, at + p.chunks().size()));
          }
          at += p.chunks().size();
        }
        continue;
      } catch (PoisonRecordException groupRefused) {
        LOG.warnf(
            "embedding model refused a group of %d records; isolating the poison",
            group.items().size());
      }
      for (Pending p : group.items()) {
        if (!live.contains(p)) {
          continue;
        }
        try {
          out.put(
              p,
              metrics.time(
                  Stage.EMBED,
                  () -> embedder.embed(p.chunks().stream().map(Chunk::text).toList())));
        } catch (PoisonRecordException e) {
          RecordKey key = p.record().key();
          outcomes[p.index()] =
              reject(
                  source,
                  key.id(),
                  e.stage(),
                  e.getMessage(),
                  e.causeClass(),
                  null,
                  p.record().source().origin());
          auditEntries.add(auditOf(source, outcomes[p.index()], actor));
        }
      }
    }
    return out;
  }

  /**
   * Dead-letters a record and returns its {@code rejected} outcome. Nothing the record carries can
   * make this throw: the reason is redacted as an identifier (it may name a property the sender
   * chose), a preview that cannot be redacted is left out, and the dead letter escapes control
   * characters; only a retriable or fatal database fault propagates, so the batch is retried.
   */
  private RecordOutcome reject(
      String source,
      String id,
      StageName stage,
      String givenReason,
      String errorClass,
      String rawPreview,
      Origin origin) {
    String reason =
        safely(
            () -> redactor.redactIdentifier(givenReason),
            givenReason == null
                ? "rejected"
                : "rejected at " + stage.name().toLowerCase(java.util.Locale.ROOT));
    String preview = rawPreview == null ? null : safely(() -> preview(source, rawPreview), null);
    long letterId =
        deadLetters.add(
            new DeadLetter(source, id, stage.name(), reason, errorClass, preview, origin));
    LOG.warnf(
        "record %s/%s rejected at %s: %s (dead letter %d)", source, id, stage, reason, letterId);
    return RecordOutcome.rejected(id, reason, stage.name(), errorClass);
  }

  /**
   * The value of a redaction, or {@code fallback} when the redaction itself fails on this input.
   */
  private static String safely(Supplier<String> redaction, String fallback) {
    try {
      return redaction.get();
    } catch (Throwable t) { // NOPMD: a dead letter is written even when its text cannot be redacted
      LOG.warnf("redaction failed (%s); the text is left out", t.getClass().getSimpleName());
      return fallback;
    }
  }

  /**
   * The store kept another content under this version: dead-lettered at STORE with both content
   * hashes (never content), audited as {@code ingest.conflict} with the full hashes.
   */
  private RecordOutcome conflict(
      Pending p, VersionConflictException e, String actor, List<AuditEntry> auditEntries) {
    RecordKey key = p.record().key();
    String reason = e.getMessage();
    String errorClass = e.getClass().getName();
    long letterId =
        deadLetters.add(
            new DeadLetter(
                key.source(),
                key.id(),
                StageName.STORE.name(),
                reason,
                errorClass,
                null,
                p.record().source().origin()));
    LOG.warnf("record %s conflict: %s (dead letter %d)", key, reason, letterId);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reason", reason);
    detail.put("stage", StageName.STORE.name());
    detail.put("version", e.version());
    detail.put("storedHash", e.storedHash());
    detail.put("incomingHash", e.incomingHash());
    auditEntries.add(
        new AuditEntry(
            actor, "ingest." + IngestStatus.CONFLICT.wire(), key.source(), key.id(), detail));
    return RecordOutcome.conflict(key.id(), reason, StageName.STORE.name(), errorClass);
  }

  /**
   * The redacted form of a rejected raw payload, whole, for a dead-letter topic: detectors applied
   * so that no sensitive value leaves through it; the original stays on its source topic for
   * replay.
   */
  public String redactPayload(String source, String raw) {
    return safely(() -> redactor.redactPayload(raw, sources.settings(source)), UNREDACTABLE);
  }

  /** Free text from an operator (a discard reason): detectors applied, as a query is. */
  public String redactFreeText(String text) {
    return safely(() -> redactor.redactText(text).text(), UNREDACTABLE);
  }

  /** What a dead-letter topic carries instead of a payload that could not be redacted. */
  public static final String UNREDACTABLE = "[payload left out: it could not be redacted]";

  /** Redacted, then truncated: the dead-letter table never holds a raw value. */
  private String preview(String source, String raw) {
    String redacted = redactor.redactPayload(raw, sources.settings(source));
    return redacted.length() <= PREVIEW_CHARS
        ? redacted
        : redacted.substring(0, PREVIEW_CHARS) + "…";
  }

  private static AuditEntry auditOf(
      String source, String id, IngestStatus status, int chunks, String actor, String contentHash) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("chunks", chunks);
    if (contentHash != null) {
      detail.put("contentHash", contentHash);
    }
    return new AuditEntry(actor, "ingest." + status.wire(), source, id, detail);
  }

  /**
   * The audit entry of an ACL update: the content hashes before and after and the number of chunks
   * and principals, never the principals themselves.
   */
  private static AuditEntry aclAuditOf(
      SourceRecord record,
      IngestStatus status,
      StoredRecord stored,
      String actor,
      String contentHash) {
    RecordKey key = record.key();
    AuditEntry entry =
        auditOf(key.source(), key.id(), status, stored.chunkCount(), actor, contentHash);
    if (status != IngestStatus.ACL_UPDATED) {
      return entry;
    }
    Map<String, Object> detail = new LinkedHashMap<>(entry.detail());
    detail.put("previousContentHash", stored.contentHash());
    detail.put("aclEntries", record.acl().size());
    detail.put("previousAclEntries", stored.acl().size());
    return new AuditEntry(entry.actor(), entry.action(), entry.source(), entry.recordId(), detail);
  }

  /** Adds the record's redaction counts (by type and by field, never values) to an audit entry. */
  private static AuditEntry withRedactions(AuditEntry entry, RedactedRecord record) {
    Map<String, Object> detail = new LinkedHashMap<>(entry.detail());
    detail.put("redactions", record.report().counts());
    detail.put("redactionsByField", record.report().byField());
    return new AuditEntry(entry.actor(), entry.action(), entry.source(), entry.recordId(), detail);
  }

  private static AuditEntry auditOf(String source, RecordOutcome rejected, String actor) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reason", rejected.error());
    detail.put("stage", rejected.stage());
    return new AuditEntry(
        actor, "ingest." + rejected.status().wire(), source, rejected.id(), detail);
  }

  private static Origin originOf(IngestItem item) {
    return item instanceof IngestItem.Valid v
        ? v.record().origin()
        : ((IngestItem.Malformed) item).origin();
  }
}
