package io.tributary.retrieve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import io.tributary.model.SearchHit;
import io.tributary.model.SearchMode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/search}: chunks the caller may see, best first, with their provenance. */
@RolesAllowed(Roles.SEARCH)
@Path("/v1/search")
public class SearchResource {

  /**
   * The request: {@code {"query":"...","mode":"hybrid","topK":5,"minScore":0.3,"maxPerRecord":1,
   * "filter":{"source":"crm","metadata.region":["EU","UK"],"fields.amount":{"gte":100}}}}.
   */
  public record SearchRequest(
      String query,
      String mode,
      Integer topK,
      Double minScore,
      Integer maxPerRecord,
      JsonNode filter) {}

  /** One hit on the wire. */
  public record Hit(UUID chunkId, double score, String text, Provenance provenance) {
    static Hit of(SearchHit h) {
      return new Hit(h.chunkId(), h.score(), h.text(), h.provenance());
    }
  }

  /** The answer. */
  public record SearchResponse(String mode, List<Hit> results) {}

  static final int MAX_QUERY_CHARS = 4096;

  private final SearchService search;
  private final Callers callers;
  private final TributaryConfig config;

  public SearchResource(SearchService search, Callers callers, TributaryConfig config) {
    this.search = search;
    this.callers = callers;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public SearchResponse search(SearchRequest request) {
    if (request == null) {
      throw new ProblemException(400, "Invalid search", "a JSON body is required");
    }
    SearchService.Query query =
        query(
            config,
            request.query(),
            request.mode(),
            request.topK(),
            request.minScore(),
            request.maxPerRecord(),
            request.filter());
    SearchService.Result result =
        search.search(query, callers.current().actor(), callers.current().principals());
    return new SearchResponse(query.mode().wire(), result.hits().stream().map(Hit::of).toList());
  }

  /** Validates the parts of a search shared by {@code /v1/search} and {@code /v1/context}. */
  static SearchService.Query query(
      TributaryConfig config,
      String text,
      String modeName,
      Integer topK,
      Double minScore,
      Integer maxPerRecord,
      JsonNode filter) {
    if (text == null || text.isBlank()) {
      throw new ProblemException(400, "Invalid search", "query is required");
    }
    if (text.length() > MAX_QUERY_CHARS) {
      throw new ProblemException(
          400, "Invalid search", "query is longer than " + MAX_QUERY_CHARS + " characters");
    }
    SearchMode mode = SearchMode.parse(modeName == null ? config.search().defaultMode() : modeName);
    if (mode == null) {
      throw new ProblemException(400, "Invalid search", "mode must be vector, keyword or hybrid");
    }
    int k = topK == null ? config.search().defaultTopK() : topK;
    if (k < 1 || k > config.search().maxTopK()) {
      throw new ProblemException(
          400, "Invalid search", "topK must be in 1.." + config.search().maxTopK());
    }
    if (minScore != null && (minScore.isNaN() || minScore.isInfinite())) {
      throw new ProblemException(400, "Invalid search", "minScore must be a number");
    }
    if (maxPerRecord != null && maxPerRecord < 1) {
      throw new ProblemException(400, "Invalid search", "maxPerRecord must be >= 1");
    }
    return new SearchService.Query(
        text, mode, k, minScore, maxPerRecord, FilterParser.parse(filter));
  }
}
