package io.tributary.jobs;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.embed.GenerationService;
import io.tributary.model.AuditEntry;
import io.tributary.model.EmbeddingGeneration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/generations}: build a generation of another embedding model beside the serving one,
 * switch to it, roll back, drop (docs/retrieval.md#generations). Operator role; every change is
 * audited.
 */
@RolesAllowed(Roles.OPERATOR)
@Tag(name = OpenApiDocument.OPERATIONS)
@Path("/v1/generations")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationResource {

  /** What a build asks for. */
  @Schema(name = "GenerationRequest")
  public record BuildRequest(
      @Schema(
              description =
                  "The model: an in-process name (`all-minilm-l6-v2`, `all-minilm-l6-v2-q`,"
                      + " `bge-small-en-v1.5-q`) or the configured model's id.",
              required = true)
          String model) {}

  /** A generation as the API shows it. */
  @Schema(name = "Generation")
  public record View(
      @Schema(description = "Its number; 1 is the chunks.embedding column.") int id,
      @Schema(description = "The model whose vectors it holds.") String modelId,
      @Schema(description = "Vector dimension.") int dimension,
      @Schema(description = "building, ready, active, retired, dropped or failed.") String state,
      @Schema(description = "Whether search serves it now.") boolean serving,
      @Schema(description = "Vectors its build took from the embedding cache.") long vectorsReused,
      @Schema(description = "Vectors its build had the model compute.") long vectorsComputed,
      @Schema(description = "When it was created.") Instant createdAt,
      @Schema(description = "When its build completed.") Instant builtAt,
      @Schema(description = "When it last started serving.") Instant activatedAt,
      @Schema(description = "When it stopped serving (a rollback target until dropped).")
          Instant retiredAt,
      @Schema(description = "When its vectors were dropped.") Instant droppedAt,
      @Schema(description = "Why its build failed.") String error) {

    static View of(EmbeddingGeneration g, int serving) {
      return new View(
          g.id(),
          g.modelId(),
          g.dimension(),
          g.state().wire(),
          g.id() == serving,
          g.vectorsReused(),
          g.vectorsComputed(),
          g.createdAt(),
          g.builtAt(),
          g.activatedAt(),
          g.retiredAt(),
          g.droppedAt(),
          g.error());
    }
  }

  private final GenerationService generations;
  private final AuditLog audit;
  private final Callers callers;

  public GenerationResource(GenerationService generations, AuditLog audit, Callers callers) {
    this.generations = generations;
    this.audit = audit;
    this.callers = callers;
  }

  @GET
  @Operation(
      operationId = "listGenerations",
      summary = "List embedding generations",
      description = "Role: `operator`. Newest first; `serving` marks the one search uses.")
  @APIResponse(responseCode = "200", description = "The generations.")
  public List<View> list() {
    int serving = generations.serving().generation().id();
    return generations.list().stream().map(g -> View.of(g, serving)).toList();
  }

  @GET
  @Path("{id}")
  @Operation(
      operationId = "getGeneration",
      summary = "One embedding generation",
      description = "Role: `operator`. Its state and build report (vectors reused, computed).")
  @APIResponse(responseCode = "200", description = "The generation.")
  @APIResponse(responseCode = "404", description = "No such generation.")
  public View get(@Parameter(description = "The generation.") @PathParam("id") int id) {
    int serving = generations.serving().generation().id();
    return generations
        .get(id)
        .map(g -> View.of(g, serving))
        .orElseThrow(() -> new ProblemException(404, "No such generation", "generation " + id));
  }

  @POST
  @Operation(
      operationId = "buildGeneration",
      summary = "Build a generation of an embedding model",
      description =
          "Role: `operator`. Creates a generation with its own vector table and HNSW index and"
              + " embeds every chunk into it in the background (from the embedding cache where it"
              + " can), while search keeps serving the current one. Activate it when `ready`.")
  @APIResponse(responseCode = "202", description = "Building: the generation as it stands.")
  @APIResponse(responseCode = "400", description = "An unknown model.")
  @APIResponse(responseCode = "409", description = "The model has a live generation already.")
  public Response build(BuildRequest request) {
    if (request == null || request.model() == null || request.model().isBlank()) {
      throw new ProblemException(400, "Invalid generation", "model is required");
    }
    EmbeddingGeneration g =
        guarded(() -> generations.build(request.model().strip()), "Generation not built");
    audited("generation.build", g, Map.of());
    return Response.accepted(View.of(g, generations.serving().generation().id()))
        .location(URI.create("/v1/generations/" + g.id()))
        .build();
  }

  @POST
  @Path("{id}/activate")
  @Operation(
      operationId = "activateGeneration",
      summary = "Make a generation serve",
      description =
          "Role: `operator`. Catches the generation up with chunks written since its build, then"
              + " switches search to it in one transaction (one row update). The generation that"
              + " served is kept for `tributary.generations.grace-period` as a rollback target.")
  @APIResponse(responseCode = "200", description = "It serves.")
  @APIResponse(
      responseCode = "409",
      description = "Still building, dropped, failed, or chunks still lack its vectors.")
  public View activate(@Parameter(description = "The generation.") @PathParam("id") int id) {
    int before = generations.serving().generation().id();
    EmbeddingGeneration g = guarded(() -> generations.activate(id), "Generation not activated");
    audited("generation.activate", g, Map.of("previous", before));
    return View.of(g, g.id());
  }

  @POST
  @Path("rollback")
  @Operation(
      operationId = "rollbackGeneration",
      summary = "Serve the previous generation again",
      description =
          "Role: `operator`. Switches back to the generation that served before, while it is kept.")
  @APIResponse(responseCode = "200", description = "The previous generation serves.")
  @APIResponse(responseCode = "409", description = "No kept generation to roll back to.")
  public View rollback() {
    int before = generations.serving().generation().id();
    EmbeddingGeneration g = guarded(generations::rollback, "No rollback");
    audited("generation.rollback", g, Map.of("previous", before));
    return View.of(g, g.id());
  }

  @DELETE
  @Path("{id}")
  @Operation(
      operationId = "dropGeneration",
      summary = "Drop a generation that does not serve",
      description = "Role: `operator`. Drops its vector table now, before its grace period ends.")
  @APIResponse(responseCode = "204", description = "Dropped (or already gone).")
  @APIResponse(responseCode = "409", description = "It serves.")
  public Response drop(@Parameter(description = "The generation.") @PathParam("id") int id) {
    EmbeddingGeneration g =
        generations
            .get(id)
            .orElseThrow(() -> new ProblemException(404, "No such generation", "generation " + id));
    guarded(
        () -> {
          generations.drop(id);
          return null;
        },
        "Generation not dropped");
    audited("generation.drop", g, Map.of());
    return Response.noContent().build();
  }

  private static <T> T guarded(Supplier<T> action, String title) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, title, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ProblemException(409, title, e.getMessage());
    }
  }

  private void audited(String action, EmbeddingGeneration g, Map<String, Object> extra) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("generation", g.id());
    detail.put("model", g.modelId());
    detail.put("dimension", g.dimension());
    detail.putAll(extra);
    audit.append(new AuditEntry(callers.current().actor(), action, null, null, detail));
  }
}
