package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

  /** A clock the test moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void should_give_each_session_its_own_random_id_and_csrf_token() {
    ConsoleSessions sessions = new ConsoleSessions();
    var a = sessions.open("trb_a_secret", "key:a");
    var b = sessions.open("trb_a_secret", "key:a");
    assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
    assertThat(sessions.find(a.id())).contains(a);
    assertThat(a.toString()).doesNotContain(a.id(), a.csrf(), "secret");
  }

  @Test
  void should_accept_only_the_sessions_own_csrf_token() {
    ConsoleSessions sessions = new ConsoleSessions();
    var a = sessions.open("trb_a_secret", "key:a");
    var b = sessions.open("trb_b_secret", "key:b");
    assertThat(sessions.csrfMatches(a.id(), a.csrf())).isTrue();
    assertThat(sessions.csrfMatches(a.id(), b.csrf())).isFalse();
    assertThat(sessions.csrfMatches(a.id(), null)).isFalse();
    assertThat(sessions.csrfMatches(a.id(), "")).isFalse();
    assertThat(sessions.csrfMatches("no-such-session", a.csrf())).isFalse();
    assertThat(sessions.csrfMatches(null, a.csrf())).isFalse();
  }

  @Test
  void should_end_a_session_at_logout_and_after_the_idle_time() {
    Moving clock = new Moving();
    ConsoleSessions sessions = new ConsoleSessions(clock);
    var a = sessions.open("trb_a_secret", "key:a");
    var b = sessions.open("trb_b_secret", "key:b");
    assertThat(sessions.close(a.id())).isTrue();
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.csrfMatches(a.id(), a.csrf())).isFalse();

    clock.now = clock.now.plus(ConsoleSessions.IDLE).minusSeconds(1);
    assertThat(sessions.find(b.id())).as("a request keeps it alive").isPresent();
    clock.now = clock.now.plus(ConsoleSessions.IDLE).plus(Duration.ofSeconds(1));
    assertThat(sessions.find(b.id())).isEmpty();
  }
}
