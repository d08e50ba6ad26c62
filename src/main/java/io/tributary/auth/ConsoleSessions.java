package io.tributary.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of the operator console (/console): a browser that logged in holds a random session id
 * in an HttpOnly, Secure, SameSite=Strict cookie ({@link #COOKIE}, path /console); its credential
 * stays on the server. A session of an API key is authenticated with that key again on each request
 * ({@link ApiKeyMechanism}), so a revoked or expired key ends its sessions at once. A session of
 * the identity provider's login ({@link ConsoleCodeFlow}) holds its access and refresh tokens: each
 * request verifies the access token as a bearer token is verified ({@link ConsoleTokenMechanism}),
 * and an expired one is refreshed; when the provider refuses the refresh (its session ended, the
 * user was disabled) the console session ends. A session ends after {@link #IDLE} without a
 * request, or at logout.
 *
 * <p>Every session has a synchronizer token that each console form carries back ({@link
 * #csrfMatches}). Sessions live in this instance's memory: a restart logs everyone out, and behind
 * a load balancer a console needs sticky sessions. Thread-safe.
 */
@ApplicationScoped
public class ConsoleSessions {

  /** The session cookie's name. */
  public static final String COOKIE = "tributary_console";

  /** The cookie's path: the cookie is honoured on the console's paths only, never on /v1. */
  public static final String PATH = "/console";

  /** A session without a request for this long ends. */
  public static final Duration IDLE = Duration.ofHours(8);

  /** Most sessions at once; the least recently used goes first beyond. */
  static final int MAX_SESSIONS = 10_000;

  /**
   * A logged-in browser: its id (the cookie), its CSRF token, the key or access token it logged in
   * with, the refresh token of a token session (else null), and whether it is a token session.
   */
  public record Session(
      String id, String csrf, String credential, String refreshToken, String actor, boolean token) {
    @Override
    public String toString() {
      return "Session[" + actor + "]"; // never the id, token or key
    }
  }

  private record Entry(Session session, Instant lastSeen) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  public ConsoleSessions() {
    this(Clock.systemUTC());
  }

  ConsoleSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session for a key already verified, and the actor it authenticated as. */
  public Session open(String credential, String actor) {
    return put(new Session(token(), token(), credential, null, actor, false));
  }

  /** A new session for the identity provider's tokens, already verified, and their actor. */
  public Session openWithTokens(String accessToken, String refreshToken, String actor) {
    return put(new Session(token(), token(), accessToken, refreshToken, actor, true));
  }

  /** The session with refreshed tokens; false when it ended meanwhile. */
  public boolean renew(String id, String accessToken, String refreshToken) {
    Entry e = id == null ? null : sessions.get(id);
    if (e == null || !e.session().token()) {
      return false;
    }
    Session s = e.session();
    Session renewed =
        new Session(
            s.id(),
            s.csrf(),
            accessToken,
            refreshToken == null ? s.refreshToken() : refreshToken,
            s.actor(),
            true);
    return sessions.replace(id, e, new Entry(renewed, clock.instant()));
  }

  private Session put(Session s) {
    if (sessions.size() >= MAX_SESSIONS) {
      evictOldest();
    }
    sessions.put(s.id(), new Entry(s, clock.instant()));
    return s;
  }

  /** Whether a request path is the console's, the only paths where the cookie is honoured. */
  public static boolean onConsolePath(String path) {
    return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
  }

  /** The live session of this cookie value; touching it keeps it alive. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Entry e = sessions.get(id);
    if (e == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (e.lastSeen().plus(IDLE).isBefore(now)) {
      sessions.remove(id, e);
      return Optional.empty();
    }
    sessions.replace(id, e, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  /** Ends the session (logout); false when there was none. */
  public boolean close(String id) {
    return id != null && sessions.remove(id) != null;
  }

  /** Whether {@code given} is the session's CSRF token, compared in constant time. */
  public boolean csrfMatches(String id, String given) {
    if (given == null) {
      return false;
    }
    return find(id)
        .map(s -> MessageDigest.isEqual(s.csrf().getBytes(), given.getBytes()))
        .orElse(false);
  }

  private void evictOldest() {
    sessions.entrySet().stream()
        .min((a, b) -> a.getValue().lastSeen().compareTo(b.getValue().lastSeen()))
        .ifPresent(e -> sessions.remove(e.getKey(), e.getValue()));
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
