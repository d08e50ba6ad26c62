package io.tributary.source;

import io.quarkus.security.Authenticated;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/sources/{source}/sync}: syncs a directory source now and reports what changed.
 */
@Authenticated
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
  public DirectorySync.Report sync(@PathParam("source") String source) {
    Caller caller = callers.current();
    caller.requireIngest(source);
    return sync.sync(source, caller.actor());
  }
}
