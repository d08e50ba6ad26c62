package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The services that {@link TestServices} chose give the integration tests what they rely on,
 * whichever path this machine took: the test database with {@code vector}, owned by a role that is
 * no superuser, a second role for the service, and a reachable broker.
 */
class TestServicesIT {

  @Test
  void should_provide_the_test_database_and_broker_the_tests_rely_on() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                TestServices.jdbcUrl(), TestServices.ownerUser(), TestServices.ownerPassword());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_database(), (SELECT rolsuper FROM pg_roles WHERE rolname ="
                    + " current_user), (SELECT count(*) FROM pg_extension WHERE extname ="
                    + " 'vector'), (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE"
                    + " nspname = 'public') = current_user")) {
      rs.next();
      assertThat(rs.getBoolean(2))
          .as("the service's role is no superuser (FatalFaultIT revokes its rights)")
          .isFalse();
      assertThat(rs.getLong(3)).as("extension vector in %s", rs.getString(1)).isEqualTo(1);
      assertThat(rs.getBoolean(4)).as("the owner role owns schema public").isTrue();
    }
    try (Connection c =
            DriverManager.getConnection(
                TestServices.jdbcUrl(), TestServices.appUser(), TestServices.appPassword());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rolsuper, current_user <> '"
                    + TestServices.ownerUser()
                    + "' FROM pg_roles WHERE rolname = current_user")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("the service's role is no superuser").isFalse();
      assertThat(rs.getBoolean(2)).as("the service's role is not the owner").isTrue();
    }
    Properties p = new Properties();
    p.put("bootstrap.servers", TestServices.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
    }
  }

  @Test
  void should_use_the_containers_where_a_docker_engine_is_reachable() {
    assumeTrue(
        TestServices.choice() == TestServices.Choice.CONTAINERS,
        "no Docker engine reachable (or TRIBUTARY_TEST_SERVICES=native): the tests run on the"
            + " natively started services, so the containers path is not exercised on this"
            + " machine");
    assertThat(TestServices.jdbcUrl())
        .endsWith("/" + TestServices.DB_NAME)
        .isNotEqualTo(System.getenv("TRIBUTARY_TEST_DB_URL"));
    assertThat(TestServices.kafkaBootstrap()).isNotEqualTo("127.0.0.1:9092");
  }
}
