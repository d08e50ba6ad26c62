package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.it.TestServices.Choice;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which services the integration tests use, for every Docker state and override. */
class TestServicesTest {

  @ParameterizedTest(name = "docker reachable={0}, override={1} -> {2}")
  @CsvSource({
    "true,  '',         CONTAINERS",
    "false, '',         NATIVE",
    "true,  auto,       CONTAINERS",
    "false, auto,       NATIVE",
    "true,  native,     NATIVE",
    "false, native,     NATIVE",
    "true,  containers, CONTAINERS",
    "true,  CONTAINERS, CONTAINERS",
    "false, ' Native ', NATIVE",
  })
  void should_choose_containers_only_where_docker_is_reachable_unless_overridden(
      boolean docker, String override, Choice expected) {
    assertThat(TestServices.choose(() -> docker, Map.of("TRIBUTARY_TEST_SERVICES", override)))
        .isEqualTo(expected);
  }

  @Test
  void should_default_to_auto_when_the_override_is_unset() {
    assertThat(TestServices.choose(() -> true, Map.of())).isEqualTo(Choice.CONTAINERS);
    assertThat(TestServices.choose(() -> false, Map.of())).isEqualTo(Choice.NATIVE);
  }

  @Test
  void should_fail_clearly_when_containers_are_forced_without_docker() {
    assertThatThrownBy(
            () -> TestServices.choose(() -> false, Map.of("TRIBUTARY_TEST_SERVICES", "containers")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TRIBUTARY_TEST_SERVICES=containers")
        .hasMessageContaining("no Docker engine is reachable");
  }

  @Test
  void should_reject_an_unknown_override() {
    assertThatThrownBy(
            () -> TestServices.choose(() -> true, Map.of("TRIBUTARY_TEST_SERVICES", "podman")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("native, containers or auto")
        .hasMessageContaining("'podman'");
  }

  @Test
  void should_not_probe_docker_when_native_is_forced() {
    AtomicInteger probes = new AtomicInteger();
    BooleanSupplier docker =
        () -> {
          probes.incrementAndGet();
          return true;
        };
    assertThat(TestServices.choose(docker, Map.of("TRIBUTARY_TEST_SERVICES", "native")))
        .isEqualTo(Choice.NATIVE);
    assertThat(probes).hasValue(0);
  }
}
