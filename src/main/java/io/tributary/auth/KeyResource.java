package io.tributary.auth;

import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.config.TributaryConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/keys}, for admins: create a key (its credential is in the answer once and nowhere
 * else), list keys (never a secret), revoke one. Every change is audited with the admin as actor.
 */
@RolesAllowed(Roles.ADMIN)
@Tag(name = OpenApiDocument.KEYS)
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

  /**
   * {@code {"name":"crm-connector","roles":["ingest:crm"],"groups":[],"ttl":"P90D"}}; ttl is an
   * ISO-8601 duration, default {@code tributary.auth.key-default-ttl}.
   */
  @Schema(
      name = "NewKey",
      requiredProperties = {"name", "roles"})
  public record NewKey(
      @Schema(description = "What the key is for: 1..200 printable characters.", maxLength = 200)
          String name,
      @Schema(description = ROLES) List<String> roles,
      @Schema(
              description =
                  "Principals the key's caller holds besides `key:<id>`, matched against record"
                      + " ACLs; at most 64.")
          List<String> groups,
      @Schema(
              description =
                  "Lifetime, an ISO-8601 duration such as P90D; default"
                      + " tributary.auth.key-default-ttl (P90D), at most"
                      + " tributary.auth.key-max-ttl (P730D).")
          String ttl) {}

  /** The created key; {@code key} is the credential, shown this once. */
  @Schema(name = "CreatedKey")
  public record CreatedKey(
      String id,
      String name,
      List<String> roles,
      List<String> groups,
      Instant expiresAt,
      @Schema(
              description =
                  "The credential, `trb_<id>_<secret>`: shown this once and stored only as a"
                      + " hash. Send it as `X-API-Key` or `Authorization: Bearer`.")
          String key) {}

  /** The keys, without secrets. */
  @Schema(name = "Keys", description = "Every key, revoked and expired ones included.")
  public record Keys(List<ApiKey> keys) {}

  static final String ROLES =
      "Roles: `ingest`, `ingest:<source>`, `search`, `operator`, `auditor`, `admin`, `delegate`.";

  static final int MAX_NAME_CHARS = 200;
  static final int MAX_GROUPS = 64;

  private final ApiKeys keys;
  private final Callers callers;
  private final TributaryConfig config;
  private final Clock clock = Clock.systemUTC();

  public KeyResource(ApiKeys keys, Callers callers, TributaryConfig config) {
    this.keys = keys;
    this.callers = callers;
    this.config = config;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "createKey",
      summary = "Create an API key",
      description =
          "Role: `admin`. The answer holds the credential; it is shown this once. Audited as"
              + " `key.created` with the admin as actor.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NewKey.class),
              examples =
                  @ExampleObject(
                      name = "a connector that writes one source",
                      value =
                          """
                          {"name":"crm-connector","roles":["ingest:crm"],"ttl":"P90D"}\
                          """)))
  @APIResponse(
      responseCode = "201",
      description = "Created.",
      headers =
          @Header(
              name = "Location",
              description = "`/v1/keys/{id}`",
              schema = @Schema(type = SchemaType.STRING)),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedKey.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "No body; a name that is blank, too long or not printable; no role or an unknown one;"
              + " too many or invalid groups; a ttl that is not a positive ISO-8601 duration"
              + " within the maximum.")
  public Response create(NewKey request) throws SQLException {
    ApiKeys.Spec spec = spec(request);
    ApiKeys.Created created = keys.create(spec, callers.current().actor(), clock.instant());
    ApiKey k = created.key();
    return Response.created(URI.create("/v1/keys/" + k.id()))
        .entity(
            new CreatedKey(
                k.id(), k.name(), k.roles(), k.groups(), k.expiresAt(), created.credential()))
        .build();
  }

  @GET
  @Operation(
      operationId = "listKeys",
      summary = "List API keys",
      description =
          "Role: `admin`. Every key with its roles, groups, creator, expiry, revocation and last"
              + " use; never a secret.")
  public Keys list() throws SQLException {
    return new Keys(keys.list());
  }

  @DELETE
  @Path("/{id}")
  @Operation(
      operationId = "revokeKey",
      summary = "Revoke an API key",
      description =
          "Role: `admin`. The key is refused from now on (401 `API key revoked`). Audited as"
              + " `key.revoked`.")
  @APIResponse(responseCode = "204", description = "Revoked.")
  @APIResponse(responseCode = "404", description = "No unrevoked key with this id.")
  public Response revoke(
      @Parameter(description = "The key's id, the 16 hex digits after `trb_`.") @PathParam("id")
          String id)
      throws SQLException {
    if (!keys.revoke(id, callers.current().actor(), clock.instant())) {
      throw new ProblemException(404, "Not found", "no unrevoked key " + id);
    }
    return Response.noContent().build();
  }

  ApiKeys.Spec spec(NewKey r) {
    if (r == null) {
      throw invalid("a JSON body is required");
    }
    if (r.name() == null
        || r.name().isBlank()
        || r.name().length() > MAX_NAME_CHARS
        || r.name().chars().anyMatch(Character::isISOControl)) {
      throw invalid("name is 1.." + MAX_NAME_CHARS + " printable characters");
    }
    if (r.roles() == null || r.roles().isEmpty()) {
      throw invalid("roles names at least one of " + Roles.ALL + " or ingest:<source>");
    }
    for (String role : r.roles()) {
      if (role == null || !Roles.isKnown(role)) {
        throw invalid("unknown role; roles are " + Roles.ALL + " or ingest:<source>");
      }
    }
    List<String> groups = r.groups() == null ? List.of() : r.groups();
    if (groups.size() > MAX_GROUPS) {
      throw invalid("at most " + MAX_GROUPS + " groups");
    }
    for (String g : groups) {
      if (g == null
          || g.isBlank()
          || g.length() > MAX_NAME_CHARS
          || g.chars().anyMatch(Character::isISOControl)) {
        throw invalid("a group is 1.." + MAX_NAME_CHARS + " printable characters");
      }
    }
    Duration ttl = config.auth().keyDefaultTtl();
    if (r.ttl() != null) {
      try {
        ttl = Duration.parse(r.ttl());
      } catch (DateTimeParseException e) {
        throw invalid("ttl is an ISO-8601 duration such as P90D");
      }
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(config.auth().keyMaxTtl()) > 0) {
      throw invalid("ttl must be positive and at most " + config.auth().keyMaxTtl());
    }
    return new ApiKeys.Spec(r.name().strip(), List.copyOf(r.roles()), List.copyOf(groups), ttl);
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(400, "Invalid key", detail);
  }
}
