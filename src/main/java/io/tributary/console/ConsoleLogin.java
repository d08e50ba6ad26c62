package io.tributary.console;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.api.Callers;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.auth.ApiKeyRequest;
import io.tributary.auth.ConsoleSessions;
import io.tributary.auth.KeyToken;
import io.tributary.model.AuditEntry;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Console login with an API key (created with scripts/keys.sh or POST /v1/keys): the key is
 * verified as any request's key, and the browser gets a session cookie ({@link ConsoleSessions})
 * that is HttpOnly, SameSite=Strict, Secure (unless {@code tributary.console.secure-cookie=false})
 * and limited to /console. Login and logout are audited.
 */
@PermitAll
@Path("/console")
public class ConsoleLogin {

  private final IdentityProviderManager identities;
  private final ConsoleSessions sessions;
  private final ConsolePages pages;
  private final AuditLog audit;
  private final boolean secureCookie;

  public ConsoleLogin(
      IdentityProviderManager identities,
      ConsoleSessions sessions,
      ConsolePages pages,
      AuditLog audit,
      @ConfigProperty(name = "tributary.console.secure-cookie", defaultValue = "true")
          boolean secureCookie) {
    this.identities = identities;
    this.sessions = sessions;
    this.pages = pages;
    this.audit = audit;
    this.secureCookie = secureCookie;
  }

  @GET
  @Path("/login")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response form() {
    return ConsolePages.page(200, pages.login.data("error", null));
  }

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response login(@FormParam("key") String given) {
    String key = given == null ? "" : given.strip();
    if (!KeyToken.looksLikeKey(key)) {
      return ConsolePages.page(401, pages.login.data("error", "That is not an API key (trb_...)."));
    }
    SecurityIdentity identity;
    try {
      identity = identities.authenticateBlocking(new ApiKeyRequest(key));
    } catch (AuthenticationFailedException e) {
      return ConsolePages.page(
          401, pages.login.data("error", "Unknown, revoked or expired API key."));
    }
    String actor = identity.getAttribute(Callers.ACTOR);
    var roles = identity.getRoles();
    if (!roles.contains(Roles.OPERATOR)
        && !roles.contains(Roles.SEARCH)
        && !roles.contains(Roles.AUDITOR)) {
      audit.append(new AuditEntry(actor, "console.login.refused", null, null, Map.of()));
      return pages.error(
          403, "Forbidden", "the console needs a key with the role operator, search or auditor");
    }
    ConsoleSessions.Session session = sessions.open(key, actor);
    audit.append(new AuditEntry(actor, "console.login", null, null, Map.of()));
    return Response.seeOther(URI.create("/console")).cookie(cookie(session.id(), -1)).build();
  }

  @POST
  @Path("/logout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Response logout(
      @CookieParam(ConsoleSessions.COOKIE) String id,
      @FormParam(ConsoleAccess.CSRF_FIELD) String csrf) {
    var session = sessions.find(id);
    if (session.isPresent() && sessions.csrfMatches(id, csrf)) {
      sessions.close(id);
      audit.append(new AuditEntry(session.get().actor(), "console.logout", null, null, Map.of()));
    }
    return Response.seeOther(URI.create("/console/login")).cookie(cookie("", 0)).build();
  }

  private NewCookie cookie(String value, int maxAge) {
    return new NewCookie.Builder(ConsoleSessions.COOKIE)
        .value(value)
        .path(ConsoleSessions.PATH)
        .httpOnly(true)
        .secure(secureCookie)
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge(maxAge)
        .build();
  }
}
