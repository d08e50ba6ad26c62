package io.tributary.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
import io.tributary.api.Roles;
import io.tributary.auth.ConsoleSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * Who uses the console in this request and what they may do: an anonymous browser is sent to the
 * login page; a caller without the page's role gets a 403 page; a form (every state change) without
 * a console session and its synchronizer token gets a 403 page, so a key in a header reads pages
 * but only a logged-in browser posts forms.
 */
@RequestScoped
public class ConsoleAccess {

  /** The form field that carries the synchronizer token. */
  public static final String CSRF_FIELD = "_csrf";

  private final SecurityIdentity identity;
  private final Callers callers;
  private final ConsoleSessions sessions;
  private final HttpHeaders headers;
  private final ConsolePages pages;

  public ConsoleAccess(
      SecurityIdentity identity,
      Callers callers,
      ConsoleSessions sessions,
      HttpHeaders headers,
      ConsolePages pages) {
    this.identity = identity;
    this.callers = callers;
    this.sessions = sessions;
    this.headers = headers;
    this.pages = pages;
  }

  /** The caller, who must hold {@code role}; any console role when null. */
  public Caller require(String role) {
    Caller caller = signedIn();
    boolean allowed =
        role == null
            ? caller.has(Roles.OPERATOR) || caller.has(Roles.SEARCH) || caller.has(Roles.AUDITOR)
            : caller.has(role);
    if (!allowed) {
      throw new ConsoleAnswer(
          pages.error(
              403,
              "Forbidden",
              role == null
                  ? "the console needs the role operator, search or auditor"
                  : "this page needs the role '" + role + "'"));
    }
    return caller;
  }

  /** As {@link #require}, and the form must carry the session's synchronizer token. */
  public Caller requireForm(String role, String csrf) {
    Caller caller = require(role);
    if (!sessions.csrfMatches(sessionId(), csrf)) {
      throw new ConsoleAnswer(
          pages.error(
              403, "Forbidden", "the form's CSRF token is missing or wrong: reload the page"));
    }
    return caller;
  }

  /** What every page shows of the caller: the actor, the links it may follow, the CSRF token. */
  public ConsoleViews.Me me(Caller caller) {
    return new ConsoleViews.Me(
        caller.actor(),
        caller.has(Roles.OPERATOR),
        caller.has(Roles.SEARCH),
        caller.has(Roles.AUDITOR),
        session().map(ConsoleSessions.Session::csrf).orElse(""));
  }

  /** The session cookie's value, or null. */
  public String sessionId() {
    var cookie = headers.getCookies().get(ConsoleSessions.COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  Optional<ConsoleSessions.Session> session() {
    return sessions.find(sessionId());
  }

  private Caller signedIn() {
    if (identity.isAnonymous()) {
      throw new ConsoleAnswer(Response.seeOther(URI.create("/console/login")).build());
    }
    return callers.current();
  }
}
