package io.tributary.retrieve;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/sources/{source}/records/{id}}: what is stored for a record. Status, version and
 * chunk count are operational facts shown to every caller; the chunks' text and the redaction
 * report (counts by type and by field name) only to a caller whose principals the record's ACL
 * admits. The id is the one the record was sent with; it is redacted as ingest redacts it.
 */
@RolesAllowed(Roles.SEARCH)
@Tag(name = OpenApiDocument.RETRIEVAL)
@Path("/v1/sources/{source}/records/{id}")
public class RecordResource {

  static final String REDACTIONS = "Redactions in the record, by type (EMAIL, PHONE, ...).";
  static final String REDACTIONS_BY_FIELD =
      "Redactions by field name, then by type: which fields held what, never the values.";
  private static final String ID =
      "The record's id as it was sent; it is redacted as ingest redacts it before the lookup.";

  /** One stored chunk on the wire. */
  @Schema(name = "RecordChunk")
  public record ChunkView(UUID chunkId, int ordinal, String text, int tokenCount) {
    static ChunkView of(Chunk c) {
      return new ChunkView(c.id(), c.ordinal(), c.text(), c.tokenCount());
    }
  }

  /** The answer. */
  @Schema(
      name = "Record",
      description =
          "What is stored for a record. Status, version and chunk count are shown to every"
              + " `search` caller; chunks and redaction reports only to one the record's ACL"
              + " admits.")
  public record RecordView(
      String source,
      @Schema(description = "The id as stored (redacted as ingest redacts ids).") String id,
      @Schema(description = "`indexed` or `deleted` (a tombstone).") String status,
      Long version,
      int chunkCount,
      @Schema(description = "Whether the record's ACL admits the caller.") boolean chunksVisible,
      @Schema(description = "Empty unless chunksVisible.") List<ChunkView> chunks,
      @Schema(description = REDACTIONS + " Null unless chunksVisible.")
          Map<String, Integer> redactions,
      @Schema(description = REDACTIONS_BY_FIELD + " Null unless chunksVisible.")
          Map<String, Map<String, Integer>> redactionsByField) {}

  /** A record's history: every audit entry about it, oldest first. */
  @Schema(name = "RecordHistory", description = "Every audit entry about a record, oldest first.")
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
  @Operation(
      operationId = "getRecordHistory",
      summary = "Get a record's history",
      description =
          "Role: `search`. Every audit entry about the record, oldest first: ingest outcomes"
              + " (indexed, unchanged, stale, deleted, rejected) and dead-letter actions.")
  @Parameter(ref = Callers.ON_BEHALF_OF)
  @Parameter(ref = Callers.ON_BEHALF_OF_GROUPS)
  @APIResponse(responseCode = "200", description = "The record's audit entries, oldest first.")
  @APIResponse(responseCode = "400", description = "An invalid source name or record id.")
  @APIResponse(
      responseCode = "404",
      description = "The record was never seen, or its ACL hides it from the caller.")
  public History history(
      @Parameter(description = "The source.") @PathParam("source") String source,
      @Parameter(description = ID) @PathParam("id") String id) {
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
  @Operation(
      operationId = "getRecord",
      summary = "Get what is stored for a record",
      description =
          "Role: `search`. The record's status, version and chunk count; its chunks' text and"
              + " redaction report only when its ACL admits the caller (`chunksVisible`).")
  @Parameter(ref = Callers.ON_BEHALF_OF)
  @Parameter(ref = Callers.ON_BEHALF_OF_GROUPS)
  @APIResponse(responseCode = "200", description = "The record as stored.")
  @APIResponse(responseCode = "400", description = "An invalid source name or record id.")
  @APIResponse(responseCode = "404", description = "No record with this id was ever ingested.")
  public RecordView get(
      @Parameter(description = "The source.") @PathParam("source") String source,
      @Parameter(description = ID) @PathParam("id") String id) {
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
