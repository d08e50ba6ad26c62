package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.config.TributaryConfig;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** Quotas keyed by identity, answered 429 with an exact Retry-After or 413, on a fake clock. */
class QuotasTest {

  private long now = 5_000_000_000L;

  private static TributaryConfig.Quota quota(long requests, long burst, long chars) {
    return new TributaryConfig.Quota() {
      @Override
      public long requestsPerMinute() {
        return requests;
      }

      @Override
      public long requestBurst() {
        return burst;
      }

      @Override
      public long ingestCharsPerMinute() {
        return chars;
      }

      @Override
      public int maxCallers() {
        return 100;
      }
    };
  }

  private Quotas quotas(long requests, long burst, long chars) {
    Quotas q = new Quotas(quota(requests, burst, chars), () -> now);
    q.current = new CurrentVertxRequest(); // no HTTP request: anonymous callers are "unknown"
    return q;
  }

  private static SecurityIdentity user(String name) {
    return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).build();
  }

  private static SecurityIdentity anonymous() {
    return QuarkusSecurityIdentity.builder().setAnonymous(true).build();
  }

  private static long retryAfter(Throwable e) {
    return ((QuotaExceededException) e).retryAfterSeconds();
  }

  @Test
  void should_key_authenticated_callers_by_principal_and_anonymous_ones_by_address() {
    SocketAddress a = SocketAddress.inetSocketAddress(40001, "10.0.0.7");
    SocketAddress sameHostOtherPort = SocketAddress.inetSocketAddress(40002, "10.0.0.7");
    assertThat(Quotas.callerKey(user("alice"), a)).isEqualTo("id:alice");
    assertThat(Quotas.callerKey(user("alice"), SocketAddress.inetSocketAddress(1, "10.0.0.8")))
        .as("an identity is one caller from any address")
        .isEqualTo("id:alice");
    assertThat(Quotas.callerKey(anonymous(), a)).isEqualTo("ip:10.0.0.7");
    assertThat(Quotas.callerKey(anonymous(), sameHostOtherPort))
        .as("a new connection is the same anonymous caller")
        .isEqualTo("ip:10.0.0.7");
    assertThat(Quotas.callerKey(null, null)).isEqualTo("ip:unknown");
  }

  @Test
  void should_refuse_requests_over_the_burst_with_the_seconds_until_the_next_token() {
    Quotas q = quotas(4, 2, 0); // a token every 15 s
    q.admitRequest("ip:10.0.0.7");
    q.admitRequest("ip:10.0.0.7");
    assertThatThrownBy(() -> q.admitRequest("ip:10.0.0.7"))
        .isInstanceOf(QuotaExceededException.class)
        .satisfies(e -> assertThat(retryAfter(e)).isEqualTo(15))
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(429))
        .hasMessageContaining("4 requests a minute, 2 at once; retry in 15 s");
    now += 14_000_000_001L;
    assertThatThrownBy(() -> q.admitRequest("ip:10.0.0.7"))
        .satisfies(e -> assertThat(retryAfter(e)).as("0.999999999 s rounds up").isEqualTo(1));
    assertThatCode(() -> q.admitRequest("ip:10.0.0.8"))
        .as("another address is another caller")
        .doesNotThrowAnyException();
    now += 999_999_999L;
    assertThatCode(() -> q.admitRequest("ip:10.0.0.7")).doesNotThrowAnyException();
  }

  @Test
  void should_charge_ingested_characters_to_the_identity_all_or_none() {
    Quotas q = quotas(0, 0, 6000); // 100 characters a second
    q.identity = user("alice");
    q.chargeIngest(5000);
    assertThatThrownBy(() -> q.chargeIngest(1500))
        .isInstanceOf(QuotaExceededException.class)
        .satisfies(e -> assertThat(retryAfter(e)).as("500 short at 100/s").isEqualTo(5))
        .hasMessageContaining("nothing of it was ingested; retry in 5 s");
    q.chargeIngest(1000); // the refusal charged nothing: 1000 were still there
    q.identity = user("bob");
    assertThatCode(() -> q.chargeIngest(6000))
        .as("bob's quota is his own")
        .doesNotThrowAnyException();
    q.identity = user("alice");
    now += 4_990_000_000L;
    assertThatThrownBy(() -> q.chargeIngest(500))
        .satisfies(e -> assertThat(retryAfter(e)).as("499 back, 0.01 s to go").isEqualTo(1));
    now += 10_000_000L;
    q.chargeIngest(500);
  }

  @Test
  void should_answer_413_for_a_request_no_wait_would_admit() {
    Quotas q = quotas(0, 0, 6000);
    q.identity = anonymous();
    assertThatThrownBy(() -> q.chargeIngest(6001))
        .isNotInstanceOf(QuotaExceededException.class)
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(413))
        .hasMessageContaining("a caller may ingest 6000 a minute");
    q.chargeIngest(6000);
  }

  @Test
  void should_limit_nothing_when_a_limit_is_zero() {
    Quotas q = quotas(0, 0, 0);
    q.identity = anonymous();
    assertThat(q.limitsRequests()).isFalse();
    for (int i = 0; i < 10_000; i++) {
      q.admitRequest("ip:10.0.0.7");
    }
    q.chargeIngest(Long.MAX_VALUE);
  }

  @Test
  void should_name_the_key_of_a_setting_it_cannot_honour() {
    assertThatThrownBy(() -> quotas(60, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tributary.quota.requests-per-minute / request-burst");
    assertThatThrownBy(() -> quotas(0, 0, 200_000_000L))
        .hasMessageContaining("tributary.quota.ingest-chars-per-minute");
  }

  @Test
  void should_round_waits_up_to_whole_seconds() {
    assertThat(Quotas.seconds(1)).isEqualTo(1);
    assertThat(Quotas.seconds(1_000_000_000L)).isEqualTo(1);
    assertThat(Quotas.seconds(1_000_000_001L)).isEqualTo(2);
  }
}
