package io.tributary.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Points every {@code @QuarkusTest} at the services {@link TestServices} chose. On the native path
 * it changes nothing (application.properties already names them); on the containers path it
 * overrides the datasource and the Kafka bootstrap servers. Global: one resource for all test
 * classes, so the application is not restarted between them.
 */
@WithTestResource(value = TestServicesResource.class, scope = TestResourceScope.GLOBAL)
public class TestServicesResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    if (TestServices.choice() == TestServices.Choice.NATIVE) {
      return Map.of();
    }
    return Map.of(
        "quarkus.datasource.jdbc.url", TestServices.jdbcUrl(),
        "quarkus.datasource.username", TestServices.dbUser(),
        "quarkus.datasource.password", TestServices.dbPassword(),
        "tributary.kafka.bootstrap-servers", TestServices.kafkaBootstrap());
  }

  @Override
  public void stop() {
    // The containers serve the whole JVM (the packaged-service tests too); they stop with it.
  }
}
