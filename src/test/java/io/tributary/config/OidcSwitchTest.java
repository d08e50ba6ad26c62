package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcSwitchTest {

  @Test
  void should_enable_the_oidc_tenant_only_when_an_issuer_is_configured() {
    assertThat(new OidcSwitch(Map.of(), Map.of()).getValue(OidcSwitch.TENANT_ENABLED))
        .isEqualTo("false");
    assertThat(new OidcSwitch(Map.of("TRIBUTARY_OIDC_ISSUER", " "), Map.of()).issuerConfigured())
        .isFalse();
    assertThat(
            new OidcSwitch(Map.of("TRIBUTARY_OIDC_ISSUER", "https://idp/realms/x"), Map.of())
                .getValue(OidcSwitch.TENANT_ENABLED))
        .isEqualTo("true");
    assertThat(
            new OidcSwitch(Map.of(), Map.of("quarkus.oidc.auth-server-url", "https://idp"))
                .issuerConfigured())
        .isTrue();
    assertThat(new OidcSwitch(Map.of(), Map.of()).getValue("other")).isNull();
  }
}
