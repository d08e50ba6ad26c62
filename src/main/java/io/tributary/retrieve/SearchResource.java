package io.tributary.retrieve;

import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import io.tributary.model.SearchHit;
import io.tributary.pipeline.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/search}: nearest chunks with their provenance. */
@Path("/v1/search")
public class SearchResource {

  /** The request: {@code {"query":"...","topK":5}}. */
  public record SearchRequest(String query, Integer topK) {}

  /** One hit on the wire. */
  public record Hit(UUID chunkId, double score, String text, Provenance provenance) {
    static Hit of(SearchHit h) {
      return new Hit(h.chunkId(), h.score(), h.text(), h.provenance());
    }
  }

  /** The answer. */
  public record SearchResponse(List<Hit> results) {}

  static final int MAX_QUERY_CHARS = 4096;

  private final SearchService search;
  private final TributaryConfig config;

  public SearchResource(SearchService search, TributaryConfig config) {
    this.search = search;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public SearchResponse search(SearchRequest request, @HeaderParam("X-Tributary-Caller") String caller) {
    if (request == null || request.query() == null || request.query().isBlank()) {
      throw new ProblemException(400, "Invalid search", "query is required");
    }
    if (request.query().length() > MAX_QUERY_CHARS) {
      throw new ProblemException(400, "Invalid search", "query is longer than " + MAX_QUERY_CHARS + " characters");
    }
    int topK = request.topK() == null ? config.search().defaultTopK() : request.topK();
    if (topK < 1 || topK > config.search().maxTopK()) {
      throw new ProblemException(400, "Invalid search", "topK must be in 1.." + config.search().maxTopK());
    }
    return new SearchResponse(search.search(request.query(), topK, caller).stream().map(Hit::of).toList());
  }
}
