package io.tributary.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.tributary.api.ProblemException;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import io.tributary.model.SearchHit;
import io.tributary.retrieve.ChunkResource;
import io.tributary.retrieve.ChunkService;
import io.tributary.retrieve.ContextService;
import io.tributary.retrieve.SearchResource;
import io.tributary.retrieve.SearchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The retrieval tools: {@code search} and {@code fetch} in exactly the shape ChatGPT connectors and
 * deep research expect ({@code {"results":[{"id","title","url"}]}} and {@code
 * {"id","title","text","url","metadata"}}), and {@code get_context}, the {@code /v1/context} block
 * with its citations. Each searches as {@code /v1/search} does, with the caller's principals in
 * SQL, and is audited as {@code mcp.<tool>}.
 */
public class RetrievalTools {

  /** The {@code filter} argument, described for a model. */
  static final String FILTER =
      "Optional conditions that every result meets, as a JSON object; keys: `source` (a source"
          + " name or a list of names), `metadata.<key>` (the record's metadata) and"
          + " `fields.<key>` (the record's fields). Each value is a string (equal), a list of"
          + " strings (any of), or a range object with `gt`, `gte`, `lt`, `lte` over numbers or"
          + " ISO-8601 dates. Examples: {\"metadata.region\": [\"EU\", \"UK\"]},"
          + " {\"fields.status\": \"open\", \"fields.amount\": {\"gte\": 100}},"
          + " {\"fields.closed\": {\"gte\": \"2024-01-01\"}}. At most 32 keys. Use it when the"
          + " question names a region, status, customer, date range and the like.";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One search result: the chunk id, a title and the URL to cite. */
  public record Result(String id, String title, String url) {}

  /** The answer of {@code search}. */
  public record SearchResults(List<Result> results) {}

  /** The answer of {@code fetch}. */
  public record Document(
      String id, String title, String text, String url, Map<String, Object> metadata) {}

  /** What {@code [n]} in a context refers to. */
  public record Citation(
      int n,
      String id,
      String title,
      String url,
      double score,
      String source,
      String recordId,
      Long recordVersion) {}

  /** The answer of {@code get_context}. */
  public record ContextBlock(
      String context, int tokens, int maxTokens, String template, List<Citation> citations) {}

  private final McpCalls calls;
  private final SearchService search;
  private final ContextService contexts;
  private final ChunkService chunks;
  private final ChunkLinks links;
  private final TributaryConfig config;

  public RetrievalTools(
      McpCalls calls,
      SearchService search,
      ContextService contexts,
      ChunkService chunks,
      ChunkLinks links,
      TributaryConfig config) {
    this.calls = calls;
    this.search = search;
    this.contexts = contexts;
    this.chunks = chunks;
    this.links = links;
    this.config = config;
  }

  @Tool(
      name = "search",
      description =
          "Search the organisation's indexed records and documents (tickets, orders, manuals,"
              + " policies...) for passages relevant to a question, using semantic and keyword"
              + " matching together. Returns the best passages first, each with an `id` to pass to"
              + " `fetch` for the full text, a `title`, and a `url` to cite. Only passages the"
              + " user may read are returned; sensitive values (emails, phone numbers, card"
              + " numbers, secrets) appear masked. Ask in natural language; call `fetch` before"
              + " quoting a result.",
      structuredContent = true)
  public SearchResults search(
      @ToolArg(description = "What to look for, in natural language or keywords.") String query,
      @ToolArg(description = "How many results, 1 to 50; default 5.", required = false)
          Integer topK,
      @ToolArg(
              description =
                  "Only results from this source (a name from `list_sources`, e.g. `crm`).",
              required = false)
          String source,
      @ToolArg(description = FILTER, required = false) Map<String, Object> filter) {
    return calls.run(
        "search",
        caller -> {
          SearchService.Query q = query(query, topK, source, filter);
          SearchService.Result result =
              search.search(
                  q, caller.actor(), caller.principals(), McpCalls.action("search"), Map.of());
          Map<UUID, String> urls =
              links.originUrls(result.hits().stream().map(SearchHit::chunkId).toList());
          return new SearchResults(
              result.hits().stream()
                  .map(
                      h ->
                          new Result(
                              h.chunkId().toString(),
                              ChunkLinks.title(h.provenance()),
                              links.url(h.chunkId(), urls)))
                  .toList());
        });
  }

  @Tool(
      name = "fetch",
      description =
          "Fetch the full text of one search result by its `id` (from `search` or a"
              + " `get_context` citation), with its title, the URL to cite and metadata: source,"
              + " record id and version, position in the record, when it was ingested and how many"
              + " values of each kind were masked. Text is as stored: sensitive values masked.",
      structuredContent = true)
  public Document fetch(
      @ToolArg(description = "The result's `id` (a UUID), as `search` returned it.") String id) {
    return calls.run(
        "fetch",
        caller -> {
          ChunkResource.ChunkView view = visible(id, caller.principals());
          Provenance p = view.provenance();
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("source", p.source());
          metadata.put("recordId", p.recordId());
          metadata.put("recordVersion", p.recordVersion());
          metadata.put("chunkOrdinal", p.chunkOrdinal());
          metadata.put("recordChunks", view.record().chunks());
          metadata.put("ingestedAt", p.ingestedAt() == null ? null : p.ingestedAt().toString());
          metadata.put("redactions", p.redactions());
          metadata.put("contentHash", p.contentHash());
          if (!p.document().isEmpty()) {
            metadata.put("document", p.document());
          }
          if (!p.location().isEmpty()) {
            metadata.put("location", p.location());
          }
          calls.audited("fetch", caller, p.source(), p.recordId(), auditDetail(view.chunkId(), p));
          return new Document(
              view.chunkId().toString(),
              ChunkLinks.title(p),
              view.text(),
              links.url(view.chunkId(), links.originUrls(List.of(view.chunkId()))),
              metadata);
        });
  }

  @Tool(
      name = "get_context",
      description =
          "Build a prompt-ready context block for answering a question: the most relevant"
              + " passages the user may read, duplicates dropped, numbered [1], [2], ... in rank"
              + " order and cut to a token budget, with a citation (id, title, url, source, record"
              + " id and version) for each number. Use it to ground an answer in one call; cite"
              + " the numbers you use.",
      structuredContent = true)
  public ContextBlock getContext(
      @ToolArg(description = "The question to answer.") String query,
      @ToolArg(
              description = "Token budget of the block, 1 to 8000; default 1000.",
              required = false)
          Integer maxTokens,
      @ToolArg(description = "Only passages from this source.", required = false) String source,
      @ToolArg(
              description =
                  "A context template (`default`, `support-agent`, ...); default `default`.",
              required = false)
          String template,
      @ToolArg(description = FILTER, required = false) Map<String, Object> filter) {
    return calls.run(
        "get_context",
        caller -> {
          int budget = maxTokens == null ? config.context().defaultMaxTokens() : maxTokens;
          if (budget < 1 || budget > config.context().maxTokens()) {
            throw new ToolCallException("maxTokens must be in 1.." + config.context().maxTokens());
          }
          SearchService.Query q = query(query, config.search().maxTopK(), source, filter);
          ContextService.Context c =
              contexts.assemble(
                  q,
                  budget,
                  template,
                  caller.actor(),
                  caller.principals(),
                  McpCalls.action("get_context"),
                  Map.of());
          Map<UUID, String> urls =
              links.originUrls(c.citations().stream().map(x -> x.hit().chunkId()).toList());
          return new ContextBlock(
              c.text(),
              c.tokens(),
              budget,
              c.template(),
              c.citations().stream()
                  .map(
                      x ->
                          new Citation(
                              x.n(),
                              x.hit().chunkId().toString(),
                              ChunkLinks.title(x.hit().provenance()),
                              links.url(x.hit().chunkId(), urls),
                              x.hit().score(),
                              x.hit().provenance().source(),
                              x.hit().provenance().recordId(),
                              x.hit().provenance().recordVersion()))
                  .toList());
        });
  }

  /** The chunk the caller may see; a tool error, the same for absent and hidden, otherwise. */
  ChunkResource.ChunkView visible(String id, java.util.Set<String> principals) {
    UUID chunkId;
    try {
      chunkId = UUID.fromString(id == null ? "" : id.strip());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid id", "an id is a UUID, as `search` returns it");
    }
    return chunks
        .view(chunkId, principals)
        .orElseThrow(
            () ->
                new ProblemException(
                    404, "Not found", "no result " + chunkId + " that the caller may see"));
  }

  static Map<String, Object> auditDetail(UUID chunkId, Provenance p) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("chunkId", chunkId.toString());
    if (p.recordVersion() != null) {
      d.put("recordVersion", p.recordVersion());
    }
    return d;
  }

  /**
   * The query as {@code /v1/search} makes it: the filter object is the REST API's ({@code
   * FilterParser}), {@code source} a shorthand for its {@code source} key.
   */
  private SearchService.Query query(
      String text, Integer topK, String source, Map<String, Object> filter) {
    ObjectNode conditions =
        filter == null ? JsonNodeFactory.instance.objectNode() : JSON.valueToTree(filter);
    if (source != null && !source.isBlank()) {
      if (conditions.has("source")) {
        throw new ToolCallException("give the source once: as `source` or in `filter`, not both");
      }
      conditions.put("source", source.strip());
    }
    return SearchResource.query(
        config, text, null, topK, null, null, conditions.isEmpty() ? null : conditions);
  }
}
