package io.tributary.source;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/sources/{source}/sync}: syncs a directory source now and reports what changed.
 */
@Path("/v1/sources/{source}/sync")
public class SyncResource {

  private final DirectorySync sync;

  public SyncResource(DirectorySync sync) {
    this.sync = sync;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public DirectorySync.Report sync(
      @PathParam("source") String source, @HeaderParam("X-Tributary-Caller") String caller) {
    return sync.sync(source, caller);
  }
}
