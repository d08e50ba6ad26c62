package io.tributary.retrieve;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/context}: a prompt-ready block with numbered citations, within a token budget.
 */
@RolesAllowed(Roles.SEARCH)
@Tag(name = OpenApiDocument.RETRIEVAL)
@Path("/v1/context")
public class ContextResource {

  /**
   * The request: {@code
   * {"query":"...","maxTokens":1000,"mode":"hybrid","filter":{...},"template":"default"}}.
   */
  @Schema(name = "ContextRequest", requiredProperties = "query")
  public record ContextRequest(
      @Schema(description = "The question; redacted before it is embedded, rendered or logged.")
          String query,
      @Schema(
              description =
                  "Token budget of the rendered block, 1..tributary.context.max-tokens (8000);"
                      + " default 1000.")
          Integer maxTokens,
      @Schema(
              description = SearchResource.MODE,
              enumeration = {"vector", "keyword", "hybrid"})
          String mode,
      @Schema(description = SearchResource.FILTER) JsonNode filter,
      @Schema(
              description =
                  "A template of prompts/context (`default`, `support-agent`, ...): a-z, 0-9,"
                      + " '_', '-'.")
          String template) {}

  /** What {@code [n]} in the context refers to. */
  @Schema(name = "Citation", description = "What `[n]` in the context refers to.")
  public record CitationView(int n, UUID chunkId, double score, Provenance provenance) {}

  /** The answer. */
  @Schema(name = "ContextResponse")
  public record ContextResponse(
      @Schema(description = "The rendered block, passages numbered [1], [2], ... in rank order.")
          String context,
      @Schema(description = "Its size in the embedding model's word-piece tokens.") int tokens,
      int maxTokens,
      String template,
      List<CitationView> citations) {}

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
  @Operation(
      operationId = "assembleContext",
      summary = "Assemble context for an LLM",
      description =
          "Role: `search`. Searches as `POST /v1/search` does (the caller's ACLs apply), drops"
              + " repeated passages and renders the rest, numbered, into a prompt-ready block"
              + " within the token budget, with a citation for each number. Audited.")
  @Parameter(ref = Callers.ON_BEHALF_OF)
  @Parameter(ref = Callers.ON_BEHALF_OF_GROUPS)
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ContextRequest.class),
              examples =
                  @ExampleObject(
                      name = "support agent",
                      value =
                          """
                          {"query":"How do I return a damaged parcel?","maxTokens":1000,
                           "template":"support-agent","filter":{"source":"handbooks"}}\
                          """)))
  @APIResponse(responseCode = "200", description = "The context block and its citations.")
  @APIResponse(
      responseCode = "400",
      description =
          "As for a search, or maxTokens out of range or below the template's own size, or an"
              + " invalid template name.")
  @APIResponse(responseCode = "404", description = "No such context template.")
  @APIResponse(
      responseCode = "422",
      description = "The database or the embedding model refuses a value the request carried.")
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
