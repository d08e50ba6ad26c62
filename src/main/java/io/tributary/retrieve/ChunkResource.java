package io.tributary.retrieve;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditTrail;
import io.tributary.model.Provenance;
import io.tributary.model.SearchScope;
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
 * {@code GET /v1/chunks/{id}}: a chunk with its provenance, the record version it came from, the
 * record's redaction summary and its ingest history from the audit log. A chunk the caller may not
 * see is answered 404, exactly like one that does not exist.
 */
@RolesAllowed(Roles.SEARCH)
@Tag(name = OpenApiDocument.RETRIEVAL)
@Path("/v1/chunks/{id}")
public class ChunkResource {

  /** The record a chunk belongs to, as stored now. */
  @Schema(name = "RecordSummary", description = "The chunk's record as stored now.")
  public record RecordSummary(
      String source,
      String id,
      @Schema(description = "`indexed` or `deleted`.") String status,
      Long version,
      int chunks,
      @Schema(description = RecordResource.REDACTIONS) Map<String, Integer> redactions,
      @Schema(description = RecordResource.REDACTIONS_BY_FIELD)
          Map<String, Map<String, Integer>> redactionsByField) {}

  /** The answer. */
  @Schema(name = "Chunk", description = "A chunk with its provenance, record and ingest history.")
  public record ChunkView(
      UUID chunkId,
      int ordinal,
      String text,
      int tokenCount,
      Provenance provenance,
      RecordSummary record,
      List<AuditTrail.Entry> ingestHistory) {}

  private final ChunkService chunks;
  private final Callers callers;

  public ChunkResource(ChunkService chunks, Callers callers) {
    this.chunks = chunks;
    this.callers = callers;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "getChunk",
      summary = "Get a chunk with its provenance",
      description =
          "Role: `search`. The chunk, its provenance, the record version it came from, the"
              + " record's redaction summary and its ingest history from the audit log.")
  @Parameter(ref = Callers.ON_BEHALF_OF)
  @Parameter(ref = Callers.ON_BEHALF_OF_GROUPS)
  @APIResponse(responseCode = "200", description = "The chunk.")
  @APIResponse(responseCode = "400", description = "The id is not a UUID.")
  @APIResponse(
      responseCode = "404",
      description =
          "No such chunk, or one the caller may not see: both answers are the same, so that"
              + " absence tells nothing.")
  public ChunkView get(
      @Parameter(description = "The chunk's id (a UUID).") @PathParam("id") String id) {
    UUID chunkId;
    try {
      chunkId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid chunk id", "a chunk id is a UUID");
    }
    return chunks
        .view(chunkId, callers.current().principals())
        .orElseThrow(() -> notFound(chunkId));
  }

  private static ProblemException notFound(UUID id) {
    return new ProblemException(404, "Not found", "no chunk " + id + " that the caller may see");
  }

  /** Whether a caller with these principals may see a record with this ACL. */
  static boolean visible(List<String> acl, Set<String> principals, boolean emptyAclPublic) {
    return new SearchScope(List.of(), principals, emptyAclPublic).canSee(acl);
  }
}
