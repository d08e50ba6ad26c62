package io.tributary.retrieve;

import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditTrail;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.model.StoredRecord;
import io.tributary.redact.Redactor;
import io.tributary.store.ChunkReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /v1/sources/{source}/records/{id}}: what is stored for a record. Status, version and
 * chunk count are operational facts shown to every caller; the chunks' text and the redaction
 * report (counts by type and by field name) only to a caller whose principals the record's ACL
 * admits. The id is the one the record was sent with; it is redacted as ingest redacts it.
 */
@RolesAllowed(Roles.SEARCH)
@Path("/v1/sources/{source}/records/{id}")
public class RecordResource {

  /** One stored chunk on the wire. */
  public record ChunkView(UUID chunkId, int ordinal, String text, int tokenCount) {
    static ChunkView of(Chunk c) {
      return new ChunkView(c.id(), c.ordinal(), c.text(), c.tokenCount());
    }
  }

  /** The answer. */
  public record RecordView(
      String source,
      String id,
      String status,
      Long version,
      int chunkCount,
      boolean chunksVisible,
      List<ChunkView> chunks,
      Map<String, Integer> redactions,
      Map<String, Map<String, Integer>> redactionsByField) {}

  /** A record's history: every audit entry about it, oldest first. */
  public record History(String source, String id, List<AuditTrail.Entry> entries) {}

  private final ChunkReader store;
  private final Redactor redactor;
  private final AuditTrail trail;
  private final Callers callers;
  private final boolean emptyAclPublic;

  public RecordResource(
      ChunkReader store,
      AuditTrail trail,
      Callers callers,
      TributaryConfig config,
      Redactor redactor) {
    this.store = store;
    this.redactor = redactor;
    this.trail = trail;
    this.callers = callers;
    this.emptyAclPublic = config.search().emptyAclPublic();
  }

  /**
   * {@code GET /v1/sources/{source}/records/{id}/history}: ingest outcomes (indexed, unchanged,
   * stale, deleted, rejected) and dead-letter actions about the record. 404 when the record was
   * never seen or its ACL hides it from the caller.
   */
  @GET
  @Path("/history")
  @Produces(MediaType.APPLICATION_JSON)
  public History history(@PathParam("source") String source, @PathParam("id") String id) {
    RecordKey key = key(source, id);
    Set<String> caller = callers.current().principals();
    List<AuditTrail.Entry> entries = trail.history(source, key.id());
    boolean visible =
        store
            .acl(key)
            .map(acl -> ChunkResource.visible(acl, caller, emptyAclPublic))
            .orElse(!entries.isEmpty() && emptyAclPublic);
    if (!visible) {
      throw new ProblemException(404, "Not found", "no record " + key + " that the caller may see");
    }
    return new History(source, key.id(), entries);
  }

  /**
   * The key of a record as stored: the id as the caller knows it, redacted as ingest redacts it.
   */
  private RecordKey key(String source, String id) {
    try {
      return new RecordKey(source, redactor.redactRecordId(id));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid record key", e.getMessage());
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public RecordView get(@PathParam("source") String source, @PathParam("id") String id) {
    RecordKey key = key(source, id);
    StoredRecord stored =
        store
            .find(key)
            .orElseThrow(
                () ->
                    new ProblemException(
                        404, "Not found", "no record " + key + " was ever ingested"));
    Set<String> caller = callers.current().principals();
    boolean visible =
        store.acl(key).map(acl -> ChunkResource.visible(acl, caller, emptyAclPublic)).orElse(false);
    // What was redacted where (field names included) tells about the content: only for callers the
    // ACL admits.
    return new RecordView(
        source,
        key.id(),
        stored.state().wire(),
        stored.version(),
        stored.chunkCount(),
        visible,
        visible ? store.chunks(key).stream().map(ChunkView::of).toList() : List.of(),
        visible ? stored.redactions().counts() : null,
        visible ? stored.redactions().byField() : null);
  }
}
