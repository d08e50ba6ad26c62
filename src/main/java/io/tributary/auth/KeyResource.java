package io.tributary.auth;

import io.tributary.api.Callers;
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

/**
 * {@code /v1/keys}, for admins: create a key (its credential is in the answer once and nowhere
 * else), list keys (never a secret), revoke one. Every change is audited with the admin as actor.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

  /**
   * {@code {"name":"crm-connector","roles":["ingest:crm"],"groups":[],"ttl":"P90D"}}; ttl is an
   * ISO-8601 duration, default {@code tributary.auth.key-default-ttl}.
   */
  public record NewKey(String name, List<String> roles, List<String> groups, String ttl) {}

  /** The created key; {@code key} is the credential, shown this once. */
  public record CreatedKey(
      String id,
      String name,
      List<String> roles,
      List<String> groups,
      Instant expiresAt,
      String key) {}

  /** The keys, without secrets. */
  public record Keys(List<ApiKey> keys) {}

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
  public Keys list() throws SQLException {
    return new Keys(keys.list());
  }

  @DELETE
  @Path("/{id}")
  public Response revoke(@PathParam("id") String id) throws SQLException {
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
