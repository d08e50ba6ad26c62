package io.tributary.mcp;

import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.tributary.audit.AuditTrail;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import io.tributary.model.SearchScope;
import io.tributary.retrieve.ChunkResource;
import io.tributary.store.ChunkReader;
import java.util.List;
import java.util.Map;

/**
 * The tools about where answers come from: {@code list_sources} (what the caller can search,
 * counted in SQL under the caller's principals) and {@code get_provenance} (a chunk's record
 * version, redaction summary and ingest history). Audited as {@code mcp.<tool>}.
 */
public class SourceTools {

  /** One source as the caller sees it. */
  public record Source(String source, long records, long chunks, String lastIngestedAt) {}

  /** The answer of {@code list_sources}. */
  public record Sources(List<Source> sources) {}

  /** The answer of {@code get_provenance}. */
  public record ProvenanceReport(
      String id,
      String title,
      String url,
      Provenance provenance,
      ChunkResource.RecordSummary record,
      List<AuditTrail.Entry> ingestHistory) {}

  private final McpCalls calls;
  private final RetrievalTools retrieval;
  private final ChunkReader store;
  private final ChunkLinks links;
  private final boolean emptyAclPublic;

  public SourceTools(
      McpCalls calls,
      RetrievalTools retrieval,
      ChunkReader store,
      ChunkLinks links,
      TributaryConfig config) {
    this.calls = calls;
    this.retrieval = retrieval;
    this.store = store;
    this.links = links;
    this.emptyAclPublic = config.search().emptyAclPublic();
  }

  @Tool(
      name = "list_sources",
      description =
          "List the sources the user can search (e.g. `crm`, `handbooks`), each with how many"
              + " records and passages the user may read and when the newest was ingested. Use a"
              + " source name as the `source` argument of `search` or `get_context` to narrow a"
              + " search.",
      structuredContent = true)
  public Sources listSources() {
    return calls.run(
        "list_sources",
        caller -> {
          Map<String, ChunkReader.SourceCounts> counts =
              store.visibleSources(new SearchScope(List.of(), caller.principals(), emptyAclPublic));
          calls.audited("list_sources", caller, null, null, Map.of("sources", counts.size()));
          return new Sources(
              counts.entrySet().stream()
                  .map(
                      e ->
                          new Source(
                              e.getKey(),
                              e.getValue().records(),
                              e.getValue().chunks(),
                              e.getValue().lastIngestedAt() == null
                                  ? null
                                  : e.getValue().lastIngestedAt().toString()))
                  .toList());
        });
  }

  @Tool(
      name = "get_provenance",
      description =
          "Explain where a search result comes from, by its `id`: the source, record id and the"
              + " record version it was cut from, how the record arrived (HTTP, file, Kafka topic"
              + " and offset), the content hash, which kinds of sensitive values were masked and in"
              + " which fields (counts only, never the values), and the record's ingest history."
              + " Use it when the user asks how current or trustworthy an answer is.",
      structuredContent = true)
  public ProvenanceReport getProvenance(
      @ToolArg(description = "The result's `id` (a UUID), as `search` returned it.") String id) {
    return calls.run(
        "get_provenance",
        caller -> {
          ChunkResource.ChunkView view = retrieval.visible(id, caller.principals());
          Provenance p = view.provenance();
          calls.audited(
              "get_provenance",
              caller,
              p.source(),
              p.recordId(),
              RetrievalTools.auditDetail(view.chunkId(), p));
          return new ProvenanceReport(
              view.chunkId().toString(),
              ChunkLinks.title(p),
              links.url(view.chunkId(), links.originUrls(List.of(view.chunkId()))),
              p,
              view.record(),
              view.ingestHistory());
        });
  }
}
