package io.tributary.console;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.tributary.api.Callers;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.auth.ApiKeyRequest;
import io.tributary.auth.ConsoleCodeFlow;
import io.tributary.auth.ConsoleSessions;
import io.tributary.auth.KeyToken;
import io.tributary.config.TributaryConfig;
import io.tributary.model.AuditEntry;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Console login with an API key (created with scripts/keys.sh or POST /v1/keys), or through the
 * identity provider when {@code tributary.auth.console-client-id} is set ({@link ConsoleCodeFlow}:
 * authorization code with PKCE; the access token is verified and its roles and principals mapped as
 * for any bearer token of the REST API). Either way the browser gets a session cookie ({@link
 * ConsoleSessions}) that is HttpOnly, SameSite=Strict, Secure (unless {@code
 * tributary.console.secure-cookie=false}) and limited to /console. Login and logout are audited.
 */
@PermitAll
@Path("/console")
public class ConsoleLogin {

  /** The cookie that binds a started identity-provider login to its browser. */
  static final String LOGIN_STATE_COOKIE = "tributary_console_login";

  private final IdentityProviderManager identities;
  private final ConsoleSessions sessions;
  private final ConsolePages pages;
  private final AuditLog audit;
  private final boolean secureCookie;
  private final ConsoleCodeFlow flow;
  private final CurrentVertxRequest request;
  private final Optional<String> publicUrl;

  public ConsoleLogin(
      IdentityProviderManager identities,
      ConsoleSessions sessions,
      ConsolePages pages,
      AuditLog audit,
      @ConfigProperty(name = "tributary.console.secure-cookie", defaultValue = "true")
          boolean secureCookie,
      ConsoleCodeFlow flow,
      CurrentVertxRequest request,
      TributaryConfig config) {
    this.identities = identities;
    this.sessions = sessions;
    this.pages = pages;
    this.audit = audit;
    this.secureCookie = secureCookie;
    this.flow = flow;
    this.request = request;
    this.publicUrl = config.publicUrl();
  }

  @GET
  @Path("/login")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response form() {
    return loginPage(200, null);
  }

  private Response loginPage(int status, String error) {
    return ConsolePages.page(status, pages.login.data("error", error).data("oidc", flow.enabled()));
  }

  /** Sends the browser to the identity provider's login page. */
  @GET
  @Path("/login/oidc")
  @Operation(hidden = true)
  public Response startOidc(@Context UriInfo uri) {
    if (!flow.enabled()) {
      return pages.error(404, "Not found", "the console has no identity provider login");
    }
    try {
      ConsoleCodeFlow.Start start = flow.start(callback(uri));
      return Response.seeOther(start.authorizationUrl())
          .cookie(stateCookie(start.state(), -1))
          .build();
    } catch (ConsoleCodeFlow.LoginFailed e) {
      return loginPage(502, "Login through the identity provider failed: " + e.getMessage());
    }
  }

  /**
   * The identity provider's redirect back: the state must match the browser's login cookie and a
   * login started here; the code becomes tokens, the access token is verified as a bearer token.
   * The answer is a page that moves on to /console by itself: a SameSite=Strict cookie is not sent
   * on a redirect chain that began at the provider.
   */
  @GET
  @Path("/login/oidc/callback")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response oidcCallback(
      @QueryParam("state") String state,
      @QueryParam("code") String code,
      @QueryParam("error") String providerError,
      @CookieParam(LOGIN_STATE_COOKIE) String browserState) {
    if (providerError != null) {
      return loginPageClearingState(
          401, "The identity provider refused the login (" + shortCode(providerError) + ").");
    }
    if (state == null
        || browserState == null
        || !MessageDigest.isEqual(
            state.getBytes(StandardCharsets.UTF_8),
            browserState.getBytes(StandardCharsets.UTF_8))) {
      return loginPageClearingState(
          401, "This login was not started in this browser: log in again.");
    }
    ConsoleCodeFlow.Tokens tokens;
    SecurityIdentity identity;
    try {
      tokens = flow.finish(state, code);
      identity =
          identities.authenticateBlocking(
              HttpSecurityUtils.setRoutingContextAttribute(
                  new TokenAuthenticationRequest(new AccessTokenCredential(tokens.accessToken())),
                  request.getCurrent()));
    } catch (ConsoleCodeFlow.LoginFailed e) {
      return loginPageClearingState(
          401, "Login through the identity provider failed: " + e.getMessage());
    } catch (AuthenticationFailedException e) {
      return loginPageClearingState(
          401, "The identity provider's token was not accepted (issuer, audience or expiry).");
    }
    String actor = identity.getAttribute(Callers.ACTOR);
    if (!consoleRole(identity)) {
      audit.append(
          new AuditEntry(actor, "console.login.refused", null, null, Map.of("via", "oidc")));
      return pages.error(
          403, "Forbidden", "the console needs the role operator, search or auditor");
    }
    ConsoleSessions.Session session =
        sessions.openWithTokens(tokens.accessToken(), tokens.refreshToken(), actor);
    audit.append(new AuditEntry(actor, "console.login", null, null, Map.of("via", "oidc")));
    return Response.ok(pages.signedIn.render(), ConsolePages.HTML)
        .cookie(cookie(session.id(), -1), stateCookie("", 0))
        .build();
  }

  private Response loginPageClearingState(int status, String error) {
    Response page = loginPage(status, error);
    return Response.fromResponse(page).cookie(stateCookie("", 0)).build();
  }

  private static boolean consoleRole(SecurityIdentity identity) {
    var roles = identity.getRoles();
    return roles.contains(Roles.OPERATOR)
        || roles.contains(Roles.SEARCH)
        || roles.contains(Roles.AUDITOR);
  }

  private static String shortCode(String code) {
    // the provider's error code only (access_denied, ...): a bounded token, never free text
    return code.length() <= 40 && code.matches("[A-Za-z0-9_.-]+") ? code : "error";
  }

  private URI callback(UriInfo uri) {
    String base =
        publicUrl
            .filter(u -> !u.isBlank())
            .map(u -> u.endsWith("/") ? u : u + "/")
            .orElse(uri.getBaseUri().toString());
    return URI.create(base).resolve("console/login/oidc/callback");
  }

  /**
   * Binds a login to the browser that started it: SameSite=Lax, since the provider's redirect back
   * is a navigation from another site; limited to the login paths; gone after the callback.
   */
  private NewCookie stateCookie(String value, int maxAge) {
    return new NewCookie.Builder(LOGIN_STATE_COOKIE)
        .value(value)
        .path(ConsoleSessions.PATH + "/login/oidc")
        .httpOnly(true)
        .secure(secureCookie)
        .sameSite(NewCookie.SameSite.LAX)
        .maxAge(maxAge < 0 ? (int) ConsoleCodeFlow.PENDING_TTL.toSeconds() : maxAge)
        .build();
  }

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response login(@FormParam("key") String given) {
    String key = given == null ? "" : given.strip();
    if (!KeyToken.looksLikeKey(key)) {
      return loginPage(401, "That is not an API key (trb_...).");
    }
    SecurityIdentity identity;
    try {
      identity = identities.authenticateBlocking(new ApiKeyRequest(key));
    } catch (AuthenticationFailedException e) {
      return loginPage(401, "Unknown, revoked or expired API key.");
    }
    String actor = identity.getAttribute(Callers.ACTOR);
    if (!consoleRole(identity)) {
      audit.append(new AuditEntry(actor, "console.login.refused", null, null, Map.of()));
      return pages.error(
          403, "Forbidden", "the console needs a key with the role operator, search or auditor");
    }
    ConsoleSessions.Session session = sessions.open(key, actor);
    audit.append(new AuditEntry(actor, "console.login", null, null, Map.of("via", "key")));
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
