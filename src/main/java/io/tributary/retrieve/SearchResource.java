package io.tributary.retrieve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/search}: chunks the caller may see, best first, with their provenance. */
@RolesAllowed(Roles.SEARCH)
@Tag(name = OpenApiDocument.RETRIEVAL)
@Path("/v1/search")
public class SearchResource {

  /** The {@code filter} of a search or a context request (FilterParser). */
  static final String FILTER =
      "Conditions, all of which a chunk meets: `source` (a name or a list), `metadata.<key>` and"
          + " `fields.<key>` (the record's redacted fields), each a string, a list of strings (any"
          + " of), or a range `{gt,gte,lt,lte}` of numbers or ISO-8601 dates. At most 32 keys."
          + " docs/retrieval.md.";

  static final String MODE =
      "`vector` (cosine), `keyword` (PostgreSQL full text) or `hybrid` (both, fused by rank);"
          + " default tributary.search.default-mode (hybrid).";

  /**
   * The request: {@code {"query":"...","mode":"hybrid","topK":5,"minScore":0.3,"maxPerRecord":1,
   * "filter":{"source":"crm","metadata.region":["EU","UK"],"fields.amount":{"gte":100}}}}.
   */
  @Schema(name = "SearchRequest", requiredProperties = "query")
  public record SearchRequest(
      @Schema(description = "What to look for; redacted before it is embedded or logged.")
          String query,
      @Schema(
              description = MODE,
              enumeration = {"vector", "keyword", "hybrid"})
          String mode,
      @Schema(description = "How many chunks, 1..tributary.search.max-top-k (50); default 5.")
          Integer topK,
      @Schema(description = "Drop hits below this score (the mode's own score).") Double minScore,
      @Schema(description = "At most this many chunks of one record (>= 1).") Integer maxPerRecord,
      @Schema(description = FILTER) JsonNode filter) {}

  /** One hit on the wire. */
  @Schema(name = "Hit", description = "A chunk the caller may see, with where it came from.")
  public record Hit(
      UUID chunkId,
      @Schema(description = "The mode's score: cosine, idf-weighted ts_rank or the fused score.")
          double score,
      @Schema(description = "The chunk's text, redacted at ingest.") String text,
      Provenance provenance) {
    static Hit of(SearchHit h) {
      return new Hit(h.chunkId(), h.score(), h.text(), h.provenance());
    }
  }

  /** The answer. */
  @Schema(name = "SearchResponse")
  public record SearchResponse(
      @Schema(description = "The mode used.") String mode,
      @Schema(description = "Best first.") List<Hit> results,
      @Schema(
              description =
                  "The embedding generation whose vectors ranked the results (absent in keyword"
                      + " mode).")
          Integer generation) {}

  public static final int MAX_QUERY_CHARS = 4096;

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
  @Operation(
      operationId = "search",
      summary = "Search chunks",
      description =
          "Role: `search`. The chunks whose record ACL admits the caller's principals (the"
              + " token's subject and groups, the key's, or the user a delegate acts for), best"
              + " first, each with its provenance. Audited with the redacted query.")
  @Parameter(ref = Callers.ON_BEHALF_OF)
  @Parameter(ref = Callers.ON_BEHALF_OF_GROUPS)
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SearchRequest.class),
              examples =
                  @ExampleObject(
                      name = "hybrid with a filter",
                      value =
                          """
                          {"query":"refund for a damaged parcel","mode":"hybrid","topK":5,
                           "filter":{"source":"crm","metadata.region":["EU","UK"],
                                     "fields.amount":{"gte":100}}}\
                          """)))
  @APIResponse(
      responseCode = "200",
      description = "The hits, best first (none when the caller may see nothing).")
  @APIResponse(
      responseCode = "400",
      description =
          "No query or one over 4096 characters; an unknown mode; topK, minScore or"
              + " maxPerRecord out of range; an invalid filter; malformed JSON or delegation"
              + " headers.")
  @APIResponse(
      responseCode = "422",
      description = "The database or the embedding model refuses a value the request carried.")
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
    return new SearchResponse(
        query.mode().wire(), result.hits().stream().map(Hit::of).toList(), result.generation());
  }

  /**
   * Validates the parts of a search shared by {@code /v1/search}, {@code /v1/context} and the MCP
   * tools; a 400 {@link ProblemException} names what is wrong.
   */
  public static SearchService.Query query(
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
