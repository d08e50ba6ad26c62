package io.tributary.retrieve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/context}: a prompt-ready block with numbered citations, within a token budget.
 */
@RolesAllowed(Roles.SEARCH)
@Path("/v1/context")
public class ContextResource {

  /**
   * The request: {@code
   * {"query":"...","maxTokens":1000,"mode":"hybrid","filter":{...},"template":"default"}}.
   */
  public record ContextRequest(
      String query, Integer maxTokens, String mode, JsonNode filter, String template) {}

  /** What {@code [n]} in the context refers to. */
  public record CitationView(int n, UUID chunkId, double score, Provenance provenance) {}

  /** The answer. */
  public record ContextResponse(
      String context, int tokens, int maxTokens, String template, List<CitationView> citations) {}

  private final ContextService contexts;
  private final Callers callers;
  private final TributaryConfig config;

  public ContextResource(ContextService contexts, Callers callers, TributaryConfig config) {
    this.contexts = contexts;
    this.callers = callers;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public ContextResponse context(ContextRequest request) {
    if (request == null) {
      throw new ProblemException(400, "Invalid context request", "a JSON body is required");
    }
    int maxTokens =
        request.maxTokens() == null ? config.context().defaultMaxTokens() : request.maxTokens();
    if (maxTokens < 1 || maxTokens > config.context().maxTokens()) {
      throw new ProblemException(
          400,
          "Invalid context request",
          "maxTokens must be in 1.." + config.context().maxTokens());
    }
    SearchService.Query query =
        SearchResource.query(
            config,
            request.query(),
            request.mode(),
            config.search().maxTopK(),
            null,
            null,
            request.filter());
    ContextService.Context c =
        contexts.assemble(
            query,
            maxTokens,
            request.template(),
            callers.current().actor(),
            callers.current().principals());
    return new ContextResponse(
        c.text(),
        c.tokens(),
        maxTokens,
        c.template(),
        c.citations().stream()
            .map(
                x ->
                    new CitationView(
                        x.n(), x.hit().chunkId(), x.hit().score(), x.hit().provenance()))
            .toList());
  }
}
