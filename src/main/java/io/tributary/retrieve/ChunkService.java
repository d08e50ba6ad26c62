package io.tributary.retrieve;

import io.tributary.audit.AuditTrail;
import io.tributary.config.TributaryConfig;
import io.tributary.model.SearchScope;
import io.tributary.model.StoredChunk;
import io.tributary.model.StoredRecord;
import io.tributary.store.ChunkReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A chunk with its provenance, record summary and ingest history, for a caller with given
 * principals: {@code GET /v1/chunks/{id}} and the MCP tools {@code fetch} and {@code
 * get_provenance}. Empty when the chunk does not exist or its ACL hides it from the caller; the two
 * are never told apart. Thread-safe; reads only.
 */
@ApplicationScoped
public class ChunkService {

  private final ChunkReader store;
  private final AuditTrail trail;
  private final boolean emptyAclPublic;

  public ChunkService(ChunkReader store, AuditTrail trail, TributaryConfig config) {
    this.store = store;
    this.trail = trail;
    this.emptyAclPublic = config.search().emptyAclPublic();
  }

  /** The chunk as the caller may see it, or empty. */
  public Optional<ChunkResource.ChunkView> view(UUID chunkId, Set<String> principals) {
    SearchScope scope = new SearchScope(List.of(), principals, emptyAclPublic);
    Optional<StoredChunk> visible = store.chunk(chunkId).filter(c -> scope.canSee(c.acl()));
    if (visible.isEmpty()) {
      return Optional.empty();
    }
    StoredChunk chunk = visible.get();
    Optional<StoredRecord> found = store.find(chunk.chunk().key());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StoredRecord record = found.get();
    return Optional.of(
        new ChunkResource.ChunkView(
            chunkId,
            chunk.chunk().ordinal(),
            chunk.chunk().text(),
            chunk.chunk().tokenCount(),
            chunk.provenance(),
            new ChunkResource.RecordSummary(
                record.key().source(),
                record.key().id(),
                record.state().wire(),
                record.version(),
                record.chunkCount(),
                record.redactions().counts(),
                record.redactions().byField()),
            trail.history(record.key().source(), record.key().id()).stream()
                .filter(e -> e.action().startsWith("ingest."))
                .toList()));
  }
}
