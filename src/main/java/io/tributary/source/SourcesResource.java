package io.tributary.source;

import io.tributary.api.Roles;
import io.tributary.config.SourceCatalog;
import io.tributary.ingest.IngestMetrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code GET /v1/sources}: each source with its topic, consumer lag and outcome counters. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/sources")
public class SourcesResource {

  /** One source; counters are since this instance started. */
  public record SourceView(
      String source,
      String topic,
      Long lag,
      Map<String, Long> counts,
      String lastError,
      String consumer) {}

  /** The answer. */
  public record SourcesView(List<SourceView> sources) {}

  private final SourceCatalog catalog;
  private final IngestMetrics metrics;
  private final ConsumerStatus status;

  public SourcesResource(SourceCatalog catalog, IngestMetrics metrics, ConsumerStatus status) {
    this.catalog = catalog;
    this.metrics = metrics;
    this.status = status;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public SourcesView list() {
    Map<String, IngestMetrics.SourceCounts> counts = metrics.snapshot();
    Map<String, Long> lag = status.lagBySource();
    Map<String, String> topics = status.topicBySource();
    TreeSet<String> names = new TreeSet<>(catalog.configuredSources());
    names.addAll(counts.keySet());
    names.addAll(lag.keySet());
    String consumer =
        status.state().name() + (status.reason() == null ? "" : ": " + status.reason());
    List<SourceView> views =
        names.stream()
            .map(
                s -> {
                  IngestMetrics.SourceCounts c = counts.get(s);
                  return new SourceView(
                      s,
                      topics.getOrDefault(s, catalog.settings(s).topics().get(0)),
                      lag.get(s),
                      c == null ? Map.of() : c.byStatus(),
                      c == null ? null : c.lastError(),
                      consumer);
                })
            .toList();
    return new SourcesView(views);
  }
}
