package io.tributary.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
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
  static final String DB_ROLE = "tributary";

  // Not under "tributary.": Quarkus would reject them as unknown keys of the @ConfigMapping prefix.
  private static final String CHOICE_PROPERTY = "io.tributary.it.services";
  private static final String DB_URL_PROPERTY = "io.tributary.it.db-url";
  private static final String KAFKA_PROPERTY = "io.tributary.it.kafka-bootstrap";

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
   * JDBC URL of the test database, which the role {@link #dbUser()} owns and where {@code vector}
   * exists.
   */
  public static String jdbcUrl() {
    return choice() == Choice.CONTAINERS
        ? System.getProperty(DB_URL_PROPERTY)
        : System.getenv()
            .getOrDefault("TRIBUTARY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DB_NAME);
  }

  public static String dbUser() {
    return choice() == Choice.CONTAINERS
        ? DB_ROLE
        : System.getenv().getOrDefault("TRIBUTARY_DB_USER", DB_ROLE);
  }

  public static String dbPassword() {
    return choice() == Choice.CONTAINERS
        ? DB_ROLE
        : System.getenv().getOrDefault("TRIBUTARY_DB_PASSWORD", DB_ROLE);
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
    // As scripts/services.sh does: the service's role is no superuser (FatalFaultIT revokes its
    // rights),
    // owns the test database and its public schema; the extension needs a superuser.
    asSuperuser(
        pg,
        pg.getJdbcUrl(),
        "CREATE ROLE " + DB_ROLE + " LOGIN PASSWORD '" + DB_ROLE + "'",
        "CREATE DATABASE " + DB_NAME + " OWNER " + DB_ROLE);
    asSuperuser(
        pg,
        url,
        "CREATE EXTENSION IF NOT EXISTS vector",
        "ALTER SCHEMA public OWNER TO " + DB_ROLE);
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
