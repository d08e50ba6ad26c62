package io.tributary.source;

import io.tributary.api.OpenApiDocument;
import io.tributary.api.Roles;
import io.tributary.pipeline.ReadReplica;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/sources}: each source with its topic, consumer lag and outcome counters. */
@RolesAllowed(Roles.OPERATOR)
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/sources")
public class SourcesResource {

  /** One source; counters are since this instance started. */
  @Schema(name = "Source", description = "One source; counters are since this instance started.")
  public record SourceView(
      String source,
      @Schema(description = "The Kafka topic it is read from.") String topic,
      @Schema(description = "Consumer lag in messages; null when unknown.") Long lag,
      @Schema(
              description =
                  "Records by outcome: `indexed`, `unchanged`, `stale`, `deleted`, `conflict`,"
                      + " `deadLettered`.")
          Map<String, Long> counts,
      @Schema(description = "The last dead letter's or fault's stage and reason; null if none.")
          String lastError,
      @Schema(
              description =
                  "The Kafka consumer's state (DISABLED, STARTING, RUNNING, PAUSED, STOPPED), with"
                      + " its reason after a colon.")
          String consumer) {}

  /** The answer. */
  @Schema(name = "Sources")
  public record SourcesView(
      List<SourceView> sources,
      @Schema(
              description =
                  "The streaming replica searches read from (`tributary.search.replica.url`): its"
                      + " state (`serving`, `lagging`, `unreachable`, `not-a-replica`, `starting`;"
                      + " every state but `serving` sends searches to the primary), WAL bytes and"
                      + " seconds behind, when it was probed. Null when none is configured.")
          ReadReplica.Status replica) {}

  private final SourceStatuses statuses;
  private final ReadReplica replica;

  public SourcesResource(SourceStatuses statuses, ReadReplica replica) {
    this.statuses = statuses;
    this.replica = replica;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "listSources",
      summary = "List sources with lag and counters",
      description =
          "Role: `operator`. Every configured source and every source seen since start, with its"
              + " topic, consumer lag and outcome counters.")
  public SourcesView list() {
    return new SourcesView(statuses.list(), replica.status());
  }
}
