package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConsoleCodeFlowTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void should_derive_the_pkce_challenge_as_rfc_7636_does() {
    // RFC 7636, appendix B
    assertThat(ConsoleCodeFlow.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void should_be_off_without_an_issuer_a_client_or_an_enabled_tenant() {
    assertThat(new ConsoleCodeFlow("", "tributary-console", "", true, CLOCK).enabled()).isFalse();
    assertThat(new ConsoleCodeFlow("http://idp/realms/r", "", "", true, CLOCK).enabled()).isFalse();
    assertThat(new ConsoleCodeFlow("http://idp/realms/r", "c", "", false, CLOCK).enabled())
        .isFalse();
    assertThat(new ConsoleCodeFlow("http://idp/realms/r", "c", "", true, CLOCK).enabled()).isTrue();
  }

  @Test
  void should_refuse_a_callback_whose_state_it_did_not_start() {
    ConsoleCodeFlow flow = new ConsoleCodeFlow("http://127.0.0.1:9/realms/r", "c", "", true, CLOCK);
    assertThatThrownBy(() -> flow.finish("forged", "code"))
        .isInstanceOf(ConsoleCodeFlow.LoginFailed.class)
        .hasMessageContaining("not started here");
    assertThatThrownBy(() -> flow.finish(null, "code"))
        .isInstanceOf(ConsoleCodeFlow.LoginFailed.class);
  }

  @Test
  void should_not_refresh_when_off() {
    assertThat(new ConsoleCodeFlow("", "", "", true, CLOCK).refresh("r")).isEmpty();
  }
}
