package io.tributary.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (target/quarkus-app, built by {@code mvn package} before failsafe runs) as a
 * child process, so that fault tests can kill it for real (SIGKILL) and restart it.
 */
final class ServiceProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  final Path log;

  private ServiceProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the service and waits until it is live (HTTP up, start-up checks passed). */
  static ServiceProcess start(String name, Map<String, String> env) throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: run the fault tests with mvn verify (package runs first)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Path.of("target", "fault-logs", name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-jar", JAR.toString());
    Map<String, String> e = new HashMap<>();
    e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    e.put("TRIBUTARY_DB_URL", TestServices.jdbcUrl());
    e.put("TRIBUTARY_DB_USER", TestServices.appUser());
    e.put("TRIBUTARY_DB_PASSWORD", TestServices.appPassword());
    e.put("TRIBUTARY_DB_OWNER", TestServices.ownerUser());
    e.put("TRIBUTARY_DB_OWNER_PASSWORD", TestServices.ownerPassword());
    e.put("TRIBUTARY_REDACT_HMAC_KEY", "fault-test-hmac-key-0123456789abcdefghij");
    // fault1 signs; test1 (the test profile's signing key) verifies the in-process tests' entries
    e.put(
        "TRIBUTARY_AUDIT_HMAC_KEYS",
        "fault1:fault-test-audit-hmac-key-0123456789abcdef,"
            + "test1:test-only-audit-hmac-key-0123456789abcdef");
    e.put("KAFKA_BOOTSTRAP_SERVERS", TestServices.kafkaBootstrap());
    e.put("TRIBUTARY_KAFKA_METADATA_MAX_AGE_MS", "1000");
    // the test profile's model: the start refuses a model whose generation is not built
    e.put("TRIBUTARY_EMBEDDING_QUANTIZED", "false");
    e.putAll(env);
    pb.environment().putAll(e);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    ServiceProcess sp = new ServiceProcess(pb.start(), port, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!sp.process.isAlive()) {
        throw new IllegalStateException("service " + name + " exited at start; see " + log);
      }
      if (sp.status("/q/health/live") == 200) {
        return sp;
      }
      Thread.sleep(250);
    }
    sp.kill();
    throw new IllegalStateException("service " + name + " not live after 120 s; see " + log);
  }

  /** The HTTP port it listens on (all interfaces, as the service's default host says). */
  int port() {
    return port;
  }

  int status(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + TestKeys.all())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** POST without a body; the response with its body. */
  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TestKeys.all())
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of a Prometheus counter line that starts with {@code prefix} (0 when absent). */
  double metric(String prefix) throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get("/q/metrics").split("\n")) {
      if (line.startsWith(prefix)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: graceful shutdown. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
