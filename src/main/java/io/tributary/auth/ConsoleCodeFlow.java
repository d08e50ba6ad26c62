package io.tributary.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator console's login through the identity provider: the OAuth 2.0 authorization-code flow
 * with PKCE (S256) against the issuer's discovery document, for the client {@code
 * tributary.auth.console-client-id}. This class only talks to the provider: it builds the
 * authorization URL, keeps each started login's state and code verifier until its callback (at most
 * {@link #PENDING_TTL}), exchanges the code for tokens and refreshes them. Verifying a token and
 * mapping its roles and principals is quarkus-oidc's and {@link TokenPrincipals}' job, as for any
 * bearer token of the REST API. Thread-safe.
 */
@ApplicationScoped
public class ConsoleCodeFlow {

  private static final Logger LOG = Logger.getLogger(ConsoleCodeFlow.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long a started login waits for its callback. */
  public static final Duration PENDING_TTL = Duration.ofMinutes(10);

  /** Most logins waiting for their callback at once; the oldest goes first beyond. */
  static final int MAX_PENDING = 1_000;

  /** Tokens of one login or refresh; {@code refreshToken} may be null. */
  public record Tokens(String accessToken, String refreshToken) {
    @Override
    public String toString() {
      return "Tokens[...]"; // never the tokens
    }
  }

  /** A login the provider refused, or a callback that matches no login started here. */
  public static final class LoginFailed extends Exception {
    private static final long serialVersionUID = 1L;

    LoginFailed(String message) {
      super(message);
    }
  }

  /** A started login: where to send the browser, and the state its callback must bring back. */
  public record Start(URI authorizationUrl, String state) {}

  private record Pending(String verifier, String redirectUri, Instant started) {}

  private final String issuer;
  private final String clientId;
  private final String clientSecret;
  private final boolean tenantEnabled;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile JsonNode discovery;

  @Inject
  public ConsoleCodeFlow(
      TributaryConfig config,
      @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
      @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true")
          boolean tenantEnabled) {
    this(
        issuer.orElse(""),
        config.auth().consoleClientId().orElse(""),
        config.auth().consoleClientSecret().orElse(""),
        tenantEnabled,
        Clock.systemUTC());
  }

  ConsoleCodeFlow(
      String issuer, String clientId, String clientSecret, boolean tenantEnabled, Clock clock) {
    this.issuer = issuer.strip().replaceAll("/+$", "");
    this.clientId = clientId.strip();
    this.clientSecret = clientSecret.strip();
    this.tenantEnabled = tenantEnabled;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Whether the console offers the login through the identity provider. */
  public boolean enabled() {
    return tenantEnabled && !issuer.isEmpty() && !clientId.isEmpty();
  }

  /** Starts a login whose callback is {@code redirectUri}. */
  public Start start(URI redirectUri) throws LoginFailed {
    requireEnabled();
    String endpoint = endpoint("authorization_endpoint");
    forgetStale();
    String state = random();
    String verifier = random();
    pending.put(state, new Pending(verifier, redirectUri.toString(), clock.instant()));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirectUri.toString());
    query.put("scope", "openid");
    query.put("state", state);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    return new Start(
        URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(query)), state);
  }

  /**
   * Ends a login: the state must be one this instance started (once, within {@link #PENDING_TTL});
   * the code is exchanged for tokens.
   */
  public Tokens finish(String state, String code) throws LoginFailed {
    requireEnabled();
    Pending p = state == null ? null : pending.remove(state);
    if (p == null || p.started().plus(PENDING_TTL).isBefore(clock.instant())) {
      throw new LoginFailed("this login was not started here or took too long: log in again");
    }
    if (code == null || code.isBlank()) {
      throw new LoginFailed("the identity provider sent no authorization code");
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", p.redirectUri());
    body.put("code_verifier", p.verifier());
    return tokens(body);
  }

  /** New tokens for a refresh token, or empty when the provider refuses (session ended). */
  public Optional<Tokens> refresh(String refreshToken) {
    if (!enabled() || refreshToken == null) {
      return Optional.empty();
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", refreshToken);
    try {
      return Optional.of(tokens(body));
    } catch (LoginFailed e) {
      LOG.infof("console session not refreshed: %s", e.getMessage());
      return Optional.empty();
    }
  }

  private Tokens tokens(Map<String, String> body) throws LoginFailed {
    body.put("client_id", clientId);
    if (!clientSecret.isEmpty()) {
      body.put("client_secret", clientSecret);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint("token_endpoint")))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form(body)))
            .build();
    Answer answer = send(request);
    String access = answer.body().path("access_token").asText("");
    if (answer.status() != 200 || access.isEmpty()) {
      // the provider's error code (invalid_grant, ...), never its free text
      throw new LoginFailed(
          "the identity provider refused the login ("
              + answer.body().path("error").asText(answer.status() + "")
              + ")");
    }
    String refresh = answer.body().path("refresh_token").asText("");
    return new Tokens(access, refresh.isEmpty() ? null : refresh);
  }

  private String endpoint(String name) throws LoginFailed {
    JsonNode d = discovery;
    if (d == null) {
      URI uri = URI.create(issuer + "/.well-known/openid-configuration");
      Answer r = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
      if (r.status() != 200) {
        throw new LoginFailed("the identity provider's discovery answered " + r.status());
      }
      d = r.body();
      discovery = d;
    }
    String value = d.path(name).asText("");
    if (value.isEmpty()) {
      throw new LoginFailed("the identity provider's discovery has no " + name);
    }
    return value;
  }

  private record Answer(int status, JsonNode body) {}

  private Answer send(HttpRequest request) throws LoginFailed {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new LoginFailed(
          "the identity provider did not answer: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginFailed("interrupted");
    }
  }

  private void requireEnabled() throws LoginFailed {
    if (!enabled()) {
      throw new LoginFailed("the console has no identity provider login configured");
    }
  }

  private void forgetStale() {
    Instant oldest = clock.instant().minus(PENDING_TTL);
    pending.values().removeIf(p -> p.started().isBefore(oldest));
    while (pending.size() >= MAX_PENDING) {
      pending.entrySet().stream()
          .min((a, b) -> a.getValue().started().compareTo(b.getValue().started()))
          .ifPresent(e -> pending.remove(e.getKey(), e.getValue()));
    }
  }

  static String challenge(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
