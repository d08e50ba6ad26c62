package io.tributary.source;

import io.quarkus.security.Authenticated;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/sources/{source}/sync}: syncs a directory source now and reports what changed.
 */
@Authenticated
@Tag(name = OpenApiDocument.INGEST)
@Path("/v1/sources/{source}/sync")
public class SyncResource {

  private final DirectorySync sync;
  private final Callers callers;

  public SyncResource(DirectorySync sync, Callers callers) {
    this.sync = sync;
    this.callers = callers;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "syncSource",
      summary = "Sync a directory source now",
      description =
          "Role: `ingest`, or `ingest:<source>`. Ingests the new and changed files of the"
              + " source's folder (config/sources/<source>.yaml) and deletes the documents of"
              + " files that are gone; unchanged files are not read again. One sync per source"
              + " runs at a time across all instances. docs/documents.md.")
  @APIResponse(responseCode = "200", description = "What the sync did.")
  @APIResponse(responseCode = "400", description = "An invalid source name or source file.")
  @APIResponse(
      responseCode = "404",
      description = "The source names no directory (not a directory source).")
  @APIResponse(
      responseCode = "409",
      description =
          "A sync of the source is running, or its folder is missing or unreadable (nothing"
              + " was changed).")
  public DirectorySync.Report sync(
      @Parameter(description = "The source, a directory source.") @PathParam("source")
          String source) {
    Caller caller = callers.current();
    caller.requireIngest(source);
    return sync.sync(source, caller.actor());
  }
}
