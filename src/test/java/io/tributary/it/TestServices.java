package io.tributary.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the integration tests find PostgreSQL/pgvector and Kafka: the services that {@code
 * scripts/services.sh} starts natively (NATIVE), or containers that Testcontainers starts when a
 * Docker engine is reachable (CONTAINERS). {@code TRIBUTARY_TEST_SERVICES=native|containers|auto}
 * (default auto) forces a path.
 *
 * <p>Every test helper reads the addresses from here: the in-process service through {@link
 * TestServicesResource}, the packaged service in {@link ServiceProcess}, {@link Sql} and {@link
 * KafkaTestClient}. The choice and the addresses are published as system properties, so that the
 * copy of this class that Quarkus loads for a {@code @QuarkusTest} and the copy failsafe loads
 * agree, and the containers start once per JVM. Ryuk (or the shutdown hook) removes them when the
 * JVM exits.
 */
public final class TestServices {

  /** The two paths a machine can take. */
  public enum Choice {
    NATIVE,
    CONTAINERS
  }

  static final String OVERRIDE = "TRIBUTARY_TEST_SERVICES";
  static final String PG_IMAGE = "pgvector/pgvector:pg15";
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String DB_NAME = "tributary_test";

  /** Owns the schema; migrations and test plumbing (tampering, dropped schemas) run as it. */
  static final String OWNER_ROLE = "tributary";

  /** What the service connects as: only INSERT and SELECT on the audit log (migration V8). */
  static final String APP_ROLE = "tributary_app";

  /**
   * The password when neither the environment nor the state directory has one: enough where
   * PostgreSQL trusts 127.0.0.1 (as on a machine set up by scripts/services.sh's cluster).
   */
  static final String NO_PASSWORD = "test-only-no-password";

  // Not under "tributary.": Quarkus would reject them as unknown keys of the @ConfigMapping prefix.
  private static final String CHOICE_PROPERTY = "io.tributary.it.services";
  private static final String DB_URL_PROPERTY = "io.tributary.it.db-url";
  private static final String KAFKA_PROPERTY = "io.tributary.it.kafka-bootstrap";
  private static final String OWNER_PASSWORD_PROPERTY = "io.tributary.it.owner-password";
  private static final String APP_PASSWORD_PROPERTY = "io.tributary.it.app-password";

  private TestServices() {}

  /**
   * The path for a machine: the override when it is native or containers, else containers exactly
   * when a Docker engine is reachable. Docker is probed only in auto mode.
   *
   * @throws IllegalArgumentException for an override that is none of native, containers, auto
   * @throws IllegalStateException when containers are forced and no Docker engine is reachable
   */
  static Choice choose(BooleanSupplier dockerReachable, Map<String, String> env) {
    String override = env.getOrDefault(OVERRIDE, "").trim().toLowerCase(Locale.ROOT);
    switch (override) {
      case "native":
        return Choice.NATIVE;
      case "containers":
        if (!dockerReachable.getAsBoolean()) {
          throw new IllegalStateException(
              OVERRIDE
                  + "=containers, but no Docker engine is reachable: start one,"
                  + " or run on the native services (scripts/services.sh up, "
                  + OVERRIDE
                  + "=native)");
        }
        return Choice.CONTAINERS;
      case "":
      case "auto":
        return dockerReachable.getAsBoolean() ? Choice.CONTAINERS : Choice.NATIVE;
      default:
        throw new IllegalArgumentException(
            OVERRIDE + " must be native, containers or auto, not '" + env.get(OVERRIDE) + "'");
    }
  }

  /** The path this JVM took, starting the containers on first use when it is CONTAINERS. */
  public static synchronized Choice choice() {
    String chosen = System.getProperty(CHOICE_PROPERTY);
    if (chosen != null) {
      return Choice.valueOf(chosen);
    }
    Choice c = choose(() -> DockerClientFactory.instance().isDockerAvailable(), System.getenv());
    if (c == Choice.CONTAINERS) {
      startContainers();
    }
    System.setProperty(CHOICE_PROPERTY, c.name());
    return c;
  }

  /**
   * JDBC URL of the test database, whose schema the role {@link #ownerUser()} owns and where {@code
   * vector} exists.
   */
  public static String jdbcUrl() {
    return choice() == Choice.CONTAINERS
        ? System.getProperty(DB_URL_PROPERTY)
        : System.getenv()
            .getOrDefault("TRIBUTARY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DB_NAME);
  }

  /** The role that owns the test database's schema and runs the migrations. */
  public static String ownerUser() {
    return choice() == Choice.CONTAINERS
        ? OWNER_ROLE
        : System.getenv().getOrDefault("TRIBUTARY_DB_OWNER", OWNER_ROLE);
  }

  public static String ownerPassword() {
    return choice() == Choice.CONTAINERS
        ? System.getProperty(OWNER_PASSWORD_PROPERTY)
        : nativePassword("TRIBUTARY_DB_OWNER_PASSWORD", "db-owner.password");
  }

  /** The role the service connects as. */
  public static String appUser() {
    return choice() == Choice.CONTAINERS
        ? APP_ROLE
        : System.getenv().getOrDefault("TRIBUTARY_DB_USER", APP_ROLE);
  }

  public static String appPassword() {
    return choice() == Choice.CONTAINERS
        ? System.getProperty(APP_PASSWORD_PROPERTY)
        : nativePassword("TRIBUTARY_DB_PASSWORD", "db-app.password");
  }

  /**
   * A role's password on the native path: the environment (scripts/test.sh exports it), else the
   * file scripts/services.sh generated in the state directory, else {@link #NO_PASSWORD}.
   */
  static String nativePassword(String variable, String file) {
    String fromEnv = System.getenv(variable);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    Path stateFile =
        Path.of(System.getenv().getOrDefault("TRIBUTARY_STATE_DIR", ".services"), file);
    try {
      return Files.isReadable(stateFile) ? Files.readString(stateFile).trim() : NO_PASSWORD;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kafka bootstrap servers of the test broker. */
  public static String kafkaBootstrap() {
    return choice() == Choice.CONTAINERS
        ? System.getProperty(KAFKA_PROPERTY)
        : System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
  }

  private static void startContainers() {
    // The official postgres image's entrypoint with pgvector built in; the module checks the name.
    PostgreSQLContainer pg =
        new PostgreSQLContainer(
            DockerImageName.parse(PG_IMAGE).asCompatibleSubstituteFor("postgres"));
    // The broker settings of scripts/services.sh: tests that rely on auto-created topics see 3
    // partitions.
    KafkaContainer kafka =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withEnv("KAFKA_NUM_PARTITIONS", "3")
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
            .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "3")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    Startables.deepStart(pg, kafka).join();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.stop();
                  pg.stop();
                },
                "test-services-stop"));

    String server =
        "jdbc:postgresql://"
            + pg.getHost()
            + ":"
            + pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    String url = server + "/" + DB_NAME;
    // As scripts/services.sh does: the owner is no superuser (FatalFaultIT revokes the service's
    // rights as it), owns the test database and its public schema; the service connects as the
    // application role (migration V8 grants its rights); the extension needs a superuser.
    String ownerPassword = UUID.randomUUID().toString();
    String appPassword = UUID.randomUUID().toString();
    asSuperuser(
        pg,
        pg.getJdbcUrl(),
        "CREATE ROLE " + OWNER_ROLE + " LOGIN PASSWORD '" + ownerPassword + "'",
        "CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + appPassword + "'",
        "CREATE DATABASE " + DB_NAME + " OWNER " + OWNER_ROLE);
    asSuperuser(
        pg,
        url,
        "CREATE EXTENSION IF NOT EXISTS vector",
        "ALTER SCHEMA public OWNER TO " + OWNER_ROLE);
    System.setProperty(OWNER_PASSWORD_PROPERTY, ownerPassword);
    System.setProperty(APP_PASSWORD_PROPERTY, appPassword);
    System.setProperty(DB_URL_PROPERTY, url);
    System.setProperty(KAFKA_PROPERTY, kafka.getBootstrapServers());
  }

  private static void asSuperuser(PostgreSQLContainer pg, String url, String... statements) {
    try (Connection c = DriverManager.getConnection(url, pg.getUsername(), pg.getPassword());
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot prepare the test database in the " + PG_IMAGE + " container", e);
    }
  }
}
