package io.tributary.retrieve;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.audit.GroupCommitAudit;
import io.tributary.config.TributaryConfig;
import io.tributary.embed.GenerationService;
import io.tributary.model.AuditEntry;
import io.tributary.model.EmbeddingGeneration;
import io.tributary.model.FilterCondition;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchMode;
import io.tributary.model.SearchScope;
import io.tributary.redact.Redactor;
import io.tributary.store.ChunkSearch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Search in three modes, with filters and access control applied inside the database query. The
 * query is redacted before it is embedded, matched or audited, so a customer's SSN typed into a
 * search box reaches neither the model nor the audit log. Every call is audited with the caller,
 * its principals, the redacted query and filter, the returned chunks with their record versions and
 * the latency.
 */
@ApplicationScoped
public class SearchService {

  /** Most rows fetched for one call while widening for {@code maxPerRecord} or {@code minScore}. */
  static final int MAX_FETCH = 1000;

  /**
   * A validated search.
   *
   * @param text the query as the caller typed it (redacted before any use)
   * @param mode vector, keyword or hybrid
   * @param topK most results
   * @param minScore lowest score kept (in the mode's own scale), or {@code null}
   * @param maxPerRecord most chunks of one record, or {@code null}
   * @param filter conditions that all must hold
   */
  public record Query(
      String text,
      SearchMode mode,
      int topK,
      Double minScore,
      Integer maxPerRecord,
      List<FilterCondition> filter) {
    public Query {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(mode, "mode");
      filter = List.copyOf(filter);
    }
  }

  /**
   * Hits, best first, the query as it was used (redacted) and the embedding generation whose
   * vectors ranked them ({@code null} in keyword mode).
   */
  public record Result(
      List<SearchHit> hits, String redactedQuery, long latencyMicros, Integer generation) {}

  private final Redactor redactor;
  private final GenerationService generations;
  private final ChunkSearch store;
  private final GroupCommitAudit audit;
  private final QueryVectorCache queryVectors;
  private final TributaryConfig.Search config;
  private final Timer redactTimer;
  private final Timer embedTimer;
  private final Timer sqlTimer;
  private final Timer auditTimer;

  public SearchService(
      Redactor redactor,
      GenerationService generations,
      ChunkSearch store,
      GroupCommitAudit audit,
      QueryVectorCache queryVectors,
      TributaryConfig config,
      MeterRegistry registry) {
    this.redactor = redactor;
    this.generations = generations;
    this.store = store;
    this.audit = audit;
    this.queryVectors = queryVectors;
    this.config = config.search();
    this.redactTimer = stepTimer(registry, "redact");
    this.embedTimer = stepTimer(registry, "embed");
    this.sqlTimer = stepTimer(registry, "sql");
    this.auditTimer = stepTimer(registry, "audit");
  }

  /**
   * The wall time of one step of a search, {@code tributary.search.step{step}} (exported as {@code
   * tributary_search_step_seconds_count/_sum/_max}): redact, embed (the query vector, cached or
   * not), sql (every statement of the ranking) and audit (the audit row's transaction).
   */
  private static Timer stepTimer(MeterRegistry registry, String step) {
    return Timer.builder("tributary.search.step")
        .description("Wall time spent in a step of a search")
        .tag("step", step)
        .register(registry);
  }

  /** Searches and appends one {@code search} audit entry. */
  public Result search(Query query, String caller, Set<String> principals) {
    return search(query, caller, principals, "search", Map.of());
  }

  /**
   * Searches and appends one audit entry under {@code action} (e.g. {@code mcp.search}), its detail
   * that of a search plus {@code extra}.
   */
  public Result search(
      Query query,
      String caller,
      Set<String> principals,
      String action,
      Map<String, Object> extra) {
    Result result = find(query, principals);
    long t0 = System.nanoTime();
    audit.append(auditEntry(action, query, result, caller, principals, extra));
    auditTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return result;
  }

  /** Searches without auditing: the caller audits what it returns (the context assembler). */
  Result find(Query query, Set<String> principals) {
    long start = System.nanoTime();
    String redacted = redactor.redactText(query.text()).text();
    long redacted0 = System.nanoTime();
    redactTimer.record(redacted0 - start, TimeUnit.NANOSECONDS);
    SearchScope scope = new SearchScope(query.filter(), principals, config.emptyAclPublic());
    // One read of the serving pointer per query: the query vector and every vector hit of this
    // answer belong to that generation, whatever switch happens meanwhile.
    GenerationService.Serving serving =
        query.mode() == SearchMode.KEYWORD ? null : generations.serving();
    EmbeddingGeneration generation = serving == null ? null : serving.generation();
    float[] vector =
        serving == null ? null : queryVectors.vector(generation.id(), serving.embedder(), redacted);
    long embedded0 = System.nanoTime();
    embedTimer.record(embedded0 - redacted0, TimeUnit.NANOSECONDS);
    boolean widen = query.maxPerRecord() != null || query.minScore() != null;
    int fetch = widen ? Math.min(query.topK() * 4, MAX_FETCH) : query.topK();
    while (true) {
      Ranked ranked = ranked(query.mode(), redacted, generation, vector, scope, fetch);
      List<SearchHit> kept =
          keep(ranked.hits(), query.topK(), query.minScore(), query.maxPerRecord());
      boolean belowMin =
          query.minScore() != null
              && !ranked.hits().isEmpty()
              && ranked.hits().get(ranked.hits().size() - 1).score() < query.minScore();
      if (kept.size() >= query.topK() || ranked.exhausted() || belowMin || fetch >= MAX_FETCH) {
        sqlTimer.record(System.nanoTime() - embedded0, TimeUnit.NANOSECONDS);
        return new Result(
            kept,
            redacted,
            (System.nanoTime() - start) / 1000,
            generation == null ? null : generation.id());
      }
      fetch = Math.min(fetch * 4, MAX_FETCH);
    }
  }

  private record Ranked(List<SearchHit> hits, boolean exhausted) {}

  private Ranked ranked(
      SearchMode mode,
      String text,
      EmbeddingGeneration generation,
      float[] vector,
      SearchScope scope,
      int fetch) {
    return switch (mode) {
      case VECTOR -> {
        List<SearchHit> hits =
            store.vectorSearch(generation, vector, scope, fetch, config.hnswEfSearch());
        yield new Ranked(hits, hits.size() < fetch);
      }
      case KEYWORD -> {
        List<SearchHit> hits = store.keywordSearch(text, scope, fetch);
        yield new Ranked(hits, hits.size() < fetch);
      }
      case HYBRID -> {
        int each = Math.max(fetch, config.hybridCandidates());
        List<SearchHit> v =
            store.vectorSearch(generation, vector, scope, each, config.hnswEfSearch());
        List<SearchHit> k = store.keywordSearch(text, scope, each);
        List<SearchHit> fused =
            config.fusion().equals("convex")
                ? Rrf.convex(
                    Rrf.vectorWeight(config.vectorWeight(), config.agreementWeight(), v, k), v, k)
                : Rrf.fuse(
                    config.rrfK(), new double[] {1.0, config.keywordWeight()}, List.of(v, k));
        yield new Ranked(fused, v.size() < each && k.size() < each);
      }
    };
  }

  /** Applies the score floor and the per-record cap to a ranked list, then cuts it at topK. */
  static List<SearchHit> keep(
      List<SearchHit> ranked, int topK, Double minScore, Integer maxPerRecord) {
    List<SearchHit> out = new ArrayList<>(topK);
    Map<String, Integer> perRecord = new HashMap<>();
    for (SearchHit h : ranked) {
      if (out.size() == topK) {
        break;
      }
      if (minScore != null && h.score() < minScore) {
        continue;
      }
      if (maxPerRecord != null) {
        String record = h.provenance().source() + "\u0000" + h.provenance().recordId();
        int seen = perRecord.merge(record, 1, Integer::sum);
        if (seen > maxPerRecord) {
          continue;
        }
      }
      out.add(h);
    }
    return out;
  }

  AuditEntry auditEntry(
      String action,
      Query query,
      Result result,
      String caller,
      Set<String> principals,
      Map<String, Object> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("query", result.redactedQuery());
    detail.put("mode", query.mode().wire());
    detail.put("topK", query.topK());
    if (query.minScore() != null) {
      detail.put("minScore", query.minScore());
    }
    if (query.maxPerRecord() != null) {
      detail.put("maxPerRecord", query.maxPerRecord());
    }
    detail.put("filter", auditedFilter(query.filter()));
    detail.put("principals", List.copyOf(new TreeSet<>(principals)));
    detail.put("chunkIds", result.hits().stream().map(h -> h.chunkId().toString()).toList());
    detail.put(
        "results",
        result.hits().stream()
            .map(
                h -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("chunkId", h.chunkId().toString());
                  m.put("source", h.provenance().source());
                  m.put("recordId", h.provenance().recordId());
                  m.put("recordVersion", h.provenance().recordVersion());
                  return m;
                })
            .toList());
    detail.put("latencyMs", result.latencyMicros() / 1000.0);
    if (result.generation() != null) {
      detail.put("generation", result.generation());
    }
    detail.putAll(extra);
    return new AuditEntry(caller, action, null, null, detail);
  }

  /**
   * The filter as audited: values redacted like the query, since a caller may filter on anything.
   */
  private List<Map<String, Object>> auditedFilter(List<FilterCondition> filter) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FilterCondition f : filter) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", f.target().name().toLowerCase(java.util.Locale.ROOT));
      if (f.key() != null) {
        m.put("key", f.key());
      }
      m.put("op", f.op().name().toLowerCase(java.util.Locale.ROOT));
      m.put("values", f.values().stream().map(v -> redactor.redactText(v).text()).toList());
      out.add(m);
    }
    return out;
  }
}
