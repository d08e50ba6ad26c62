package io.tributary.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * Points every {@code @QuarkusTest} at the services {@link TestServices} chose, with the roles'
 * credentials; on the containers path it also overrides the JDBC URL and the Kafka bootstrap
 * servers. Global: one resource for all test classes, so the application is not restarted between
 * them.
 */
@WithTestResource(value = TestServicesResource.class, scope = TestResourceScope.GLOBAL)
public class TestServicesResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    // Both paths: the roles' passwords come from TestServices (the environment, .services/ or a
    // container), never from a default in application.properties.
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                "quarkus.datasource.username", TestServices.appUser(),
                "quarkus.datasource.password", TestServices.appPassword(),
                "quarkus.flyway.username", TestServices.ownerUser(),
                "quarkus.flyway.password", TestServices.ownerPassword()));
    if (TestServices.choice() == TestServices.Choice.CONTAINERS) {
      config.put("quarkus.datasource.jdbc.url", TestServices.jdbcUrl());
      config.put("tributary.kafka.bootstrap-servers", TestServices.kafkaBootstrap());
    }
    return config;
  }

  @Override
  public void stop() {
    // The containers serve the whole JVM (the packaged-service tests too); they stop with it.
  }
}
