package io.tributary.client.langchain4j;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The packaged service ({@code ../../target/quarkus-app}, built by the service's {@code mvn
 * verify}) as a child process on the test database of the native services (the environment of
 * {@code scripts/test.sh}: {@code TRIBUTARY_TEST_DB_URL}, {@code TRIBUTARY_DB_*}, else {@code
 * ../../.services/db-*.password}), with API keys written as {@code scripts/keys.sh bootstrap}
 * writes them. It signs audit entries with the key the service's own fault tests use, which the
 * test profile verifies, so a shared test database stays verifiable.
 */
final class Service implements AutoCloseable {

  private static final Path REPO =
      Path.of(System.getProperty("tributary.repo", "../..")).normalize();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Process process;
  private final String baseUrl;

  private Service(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  static Service start() throws Exception {
    Path jar =
        Path.of(
            System.getProperty(
                "tributary.service.jar",
                REPO.resolve("target/quarkus-app/quarkus-run.jar").toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the service first (mvn package)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Path.of("target", "service.log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toAbsolutePath().toString())
            .directory(REPO.toFile());
    Map<String, String> e = pb.environment();
    e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    e.put("TRIBUTARY_DB_URL", jdbcUrl());
    e.put("TRIBUTARY_DB_USER", env("TRIBUTARY_DB_USER", "tributary_app"));
    e.put("TRIBUTARY_DB_PASSWORD", password("TRIBUTARY_DB_PASSWORD", "db-app.password"));
    e.put("TRIBUTARY_DB_OWNER", ownerUser());
    e.put("TRIBUTARY_DB_OWNER_PASSWORD", ownerPassword());
    e.put("TRIBUTARY_REDACT_HMAC_KEY", "fault-test-hmac-key-0123456789abcdefghij");
    // the test database's serving generation is the test profile's fp32 model
    e.put("TRIBUTARY_EMBEDDING_QUANTIZED", "false");
    e.put(
        "TRIBUTARY_AUDIT_HMAC_KEYS",
        "fault1:fault-test-audit-hmac-key-0123456789abcdef,"
            + "test1:test-only-audit-hmac-key-0123456789abcdef");
    // Consume no Kafka topic of the shared broker.
    e.put("TRIBUTARY_KAFKA_SOURCES", "lc4j-no-kafka");
    e.put("TRIBUTARY_KAFKA_GROUP_ID", "tributary-test-lc4j");
    e.remove("TRIBUTARY_OIDC_ISSUER");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Service service = new Service(pb.start(), "http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.process.isAlive()) {
        throw new IllegalStateException("the service exited at start; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return service;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    service.close();
    throw new IllegalStateException("the service is not live after 300 s; see " + log);
  }

  String baseUrl() {
    return baseUrl;
  }

  /** A new API key with these roles and no groups. */
  String key(String... roles) {
    return keyWithGroups(new String[0], roles);
  }

  /** A new API key with these roles and groups (principals matched against ACLs). */
  String keyWithGroups(String[] groups, String... roles) {
    byte[] idBytes = new byte[8];
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secretBytes);
    String id = HexFormat.of().formatHex(idBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    try (Connection c = DriverManager.getConnection(jdbcUrl(), ownerUser(), ownerPassword());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO api_keys(id, name, secret_sha256, roles, groups, created_by,"
                    + " expires_at) VALUES (?, 'lc4j-it', ?, ?, ?, 'TributaryContentRetrieverIT',"
                    + " now() + interval '1 day')")) {
      ps.setString(1, id);
      ps.setString(2, sha256(secret));
      ps.setArray(3, c.createArrayOf("text", roles));
      ps.setArray(4, c.createArrayOf("text", groups));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("writing an API key", e);
    }
    return "trb_" + id + "_" + secret;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String jdbcUrl() {
    return env("TRIBUTARY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tributary_test");
  }

  private static String ownerUser() {
    return env("TRIBUTARY_DB_OWNER", "tributary");
  }

  private static String ownerPassword() {
    return password("TRIBUTARY_DB_OWNER_PASSWORD", "db-owner.password");
  }

  private static String env(String name, String otherwise) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? otherwise : v;
  }

  private static String password(String variable, String file) {
    String v = System.getenv(variable);
    if (v != null && !v.isBlank()) {
      return v;
    }
    Path f = REPO.resolve(".services").resolve(file);
    try {
      return Files.isRegularFile(f) ? Files.readString(f).strip() : "test-only-no-password";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
