package io.tributary.source;

import io.tributary.config.SourceCatalog;
import io.tributary.ingest.IngestMetrics;
import io.tributary.source.SourcesResource.SourceView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every configured source and every source seen since start, with its topic, consumer lag, outcome
 * counters and last error, as {@code GET /v1/sources} and the operator console show them.
 * Thread-safe; counters are since this instance started.
 */
@ApplicationScoped
public class SourceStatuses {

  private final SourceCatalog catalog;
  private final IngestMetrics metrics;
  private final ConsumerStatus status;

  public SourceStatuses(SourceCatalog catalog, IngestMetrics metrics, ConsumerStatus status) {
    this.catalog = catalog;
    this.metrics = metrics;
    this.status = status;
  }

  /** The sources by name. */
  public List<SourceView> list() {
    Map<String, IngestMetrics.SourceCounts> counts = metrics.snapshot();
    Map<String, Long> lag = status.lagBySource();
    Map<String, String> topics = status.topicBySource();
    TreeSet<String> names = new TreeSet<>(catalog.configuredSources());
    names.addAll(counts.keySet());
    names.addAll(lag.keySet());
    String consumer =
        status.state().name() + (status.reason() == null ? "" : ": " + status.reason());
    return names.stream()
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
  }
}
