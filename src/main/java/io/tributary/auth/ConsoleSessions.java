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
 * Sessions of the operator console (/console): a browser that logged in with an API key holds a
 * random session id in an HttpOnly, Secure, SameSite=Strict cookie ({@link #COOKIE}, path
 * /console); the key itself stays on the server. Each request through the cookie is authenticated
 * with that key again ({@link ApiKeyMechanism}), so a revoked or expired key ends its sessions at
 * once. A session ends after {@link #IDLE} without a request, or at logout.
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

  /** A logged-in browser: its id (the cookie), its CSRF token, and the key it logged in with. */
  public record Session(String id, String csrf, String credential, String actor) {
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
    if (sessions.size() >= MAX_SESSIONS) {
      evictOldest();
    }
    Session s = new Session(token(), token(), credential, actor);
    sessions.put(s.id(), new Entry(s, clock.instant()));
    return s;
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
