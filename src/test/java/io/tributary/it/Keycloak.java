package io.tributary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Real tokens from the Keycloak that {@code scripts/services.sh} starts (realm {@value #REALM},
 * imported from {@code config/keycloak/tributary-realm.json}): the integration tests' identity
 * provider, never a mock.
 *
 * <p>Where it is: system property {@value #URL_PROPERTY}, else the environment's {@code
 * KEYCLOAK_URL}, else the {@code KEYCLOAK_URL} that {@code services.sh} wrote into {@code
 * keycloak.env}, else {@value #DEFAULT_URL}.
 *
 * <p>The demo users' passwords and the ingester's secret are generated once per checkout: each
 * comes from the environment variable of its name ({@code KEYCLOAK_ALICE_PASSWORD}, {@code
 * KEYCLOAK_INGESTER_SECRET}, ...) when set, else from {@code keycloak.env} in the services' state
 * directory ({@code $TRIBUTARY_STATE_DIR}, default {@code .services} of the checkout, or the file
 * system property {@value #ENV_FILE_PROPERTY} names).
 *
 * <p>Tokens are fetched with the password grant ({@value #CLI_CLIENT}, a public client of this
 * local test realm only) and the client-credentials grant; {@link #claims(String)} reads a token's
 * payload without verifying it, which is the service's job.
 */
public final class Keycloak {

  public static final String REALM = "tributary";

  /** The audience every access token of the realm carries. */
  public static final String AUDIENCE = "tributary";

  /** Public client with the password grant: tokens for the demo users. */
  public static final String CLI_CLIENT = "tributary-cli";

  /** Like {@link #CLI_CLIENT}, but its access tokens live {@value #SHORT_LIFESPAN_SECONDS} s. */
  public static final String SHORT_LIVED_CLIENT = "tributary-cli-shortlived";

  /** Confidential client with a service account (roles ingest and operator). */
  public static final String INGESTER_CLIENT = "tributary-ingester";

  /** The realm's access token lifespan. */
  public static final int LIFESPAN_SECONDS = 300;

  /** The access token lifespan of {@link #SHORT_LIVED_CLIENT}. */
  public static final int SHORT_LIFESPAN_SECONDS = 2;

  // Not under "tributary.": Quarkus would reject them as unknown keys of the @ConfigMapping prefix.
  static final String URL_PROPERTY = "io.tributary.it.keycloak-url";
  static final String ENV_FILE_PROPERTY = "io.tributary.it.keycloak-env";
  static final String DEFAULT_URL = "http://127.0.0.1:8180";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Keycloak() {}

  /** The server's base address, e.g. {@code http://127.0.0.1:8180}, without a trailing slash. */
  public static String baseUrl() {
    String url = System.getProperty(URL_PROPERTY);
    if (url == null || url.isBlank()) {
      url = System.getenv("KEYCLOAK_URL");
    }
    if (url == null || url.isBlank()) {
      url = envFile().get("KEYCLOAK_URL");
    }
    if (url == null || url.isBlank()) {
      url = DEFAULT_URL;
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * The realm's issuer, the value of every token's {@code iss} and what {@code
   * quarkus.oidc.auth-server-url} names.
   */
  public static String issuer() {
    return baseUrl() + "/realms/" + REALM;
  }

  /** The generated password of demo user {@code alice}, {@code bob} or {@code carol}. */
  public static String password(String user) {
    return secret("KEYCLOAK_" + user.toUpperCase(Locale.ROOT) + "_PASSWORD");
  }

  /** The generated secret of {@link #INGESTER_CLIENT}. */
  public static String ingesterSecret() {
    return secret("KEYCLOAK_INGESTER_SECRET");
  }

  /** An access token for a user, through the password grant of {@link #CLI_CLIENT}. */
  public static String passwordToken(String user, String password) {
    return passwordToken(CLI_CLIENT, user, password);
  }

  /** An access token for a demo user with its generated password. */
  public static String userToken(String user) {
    return passwordToken(user, password(user));
  }

  /** An access token of a confidential client's service account (client-credentials grant). */
  public static String clientToken(String clientId, String secret) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    return token(form);
  }

  /** An access token of {@link #INGESTER_CLIENT}'s service account. */
  public static String ingesterToken() {
    return clientToken(INGESTER_CLIENT, ingesterSecret());
  }

  /**
   * A token that was valid, correctly signed and carries the user's claims, and has expired: one of
   * {@link #SHORT_LIVED_CLIENT}'s, returned once this clock is a second past its {@code exp} (about
   * {@value #SHORT_LIFESPAN_SECONDS} + 1 s of waiting).
   */
  public static String expiredToken(String user, String password) {
    String token = passwordToken(SHORT_LIVED_CLIENT, user, password);
    Instant expiry = Instant.ofEpochSecond(claims(token).path("exp").asLong());
    Instant after = expiry.plusSeconds(1);
    try {
      while (Instant.now().isBefore(after)) {
        Thread.sleep(Math.max(50, Duration.between(Instant.now(), after).toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a token to expire", e);
    }
    return token;
  }

  /** The payload of a JWT, decoded but not verified. */
  public static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a JWS compact token (" + parts.length + " parts)");
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException e) {
      throw new UncheckedIOException("token payload is not JSON", e);
    }
  }

  /**
   * Keycloak's own view of a token (RFC 7662 introspection, authenticated as {@link
   * #INGESTER_CLIENT}); {@code active} is false for an expired or revoked token.
   */
  public static JsonNode introspect(String token) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("client_id", INGESTER_CLIENT);
    form.put("client_secret", ingesterSecret());
    return post(issuer() + "/protocol/openid-connect/token/introspect", form);
  }

  /** The realm's OpenID Provider metadata. */
  public static JsonNode discovery() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return send(request);
  }

  /** A token request Keycloak refused (wrong password or secret, unknown client, ...). */
  public static final class TokenRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    TokenRefused(int status, String error, String description) {
      super("Keycloak answered " + status + " " + error + ": " + description);
      this.status = status;
      this.error = error;
    }

    public int status() {
      return status;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}, {@code unauthorized_client}. */
    public String error() {
      return error;
    }
  }

  private static String passwordToken(String clientId, String user, String password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    form.put("username", user);
    form.put("password", password);
    return token(form);
  }

  private static String token(Map<String, String> form) {
    return post(issuer() + "/protocol/openid-connect/token", form).path("access_token").asText();
  }

  private static JsonNode post(String url, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return send(request);
  }

  private static JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Keycloak does not answer at "
              + baseUrl()
              + " ("
              + e
              + "): start it with scripts/services.sh up (or point "
              + URL_PROPERTY
              + " / KEYCLOAK_URL at one)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (response.statusCode() != 200) {
      throw new TokenRefused(
          response.statusCode(),
          json.path("error").asText("?"),
          json.path("error_description").asText(""));
    }
    return json;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String secret(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = envFile().get(name);
    }
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name
              + " is neither in the environment nor in "
              + envFilePath()
              + ": scripts/services.sh up generates it with the realm's other secrets");
    }
    return value;
  }

  static Path envFilePath() {
    String explicit = System.getProperty(ENV_FILE_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String stateDir = System.getenv("TRIBUTARY_STATE_DIR");
    return Path.of(stateDir == null || stateDir.isBlank() ? ".services" : stateDir)
        .resolve("keycloak.env");
  }

  /** KEY=value lines of keycloak.env ({@code #} comments); empty when there is no such file. */
  static Map<String, String> envFile() {
    Path file = envFilePath();
    Map<String, String> values = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return values;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return values;
  }
}
