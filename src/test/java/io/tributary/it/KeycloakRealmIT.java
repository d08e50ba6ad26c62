package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm that {@code scripts/services.sh} imports from {@code
 * config/keycloak/tributary-realm.json} issues the tokens the service's authentication relies on:
 * audience, issuer, subject, groups and realm roles where the configuration says they are, the
 * realm's lifespan, and an expired token that Keycloak itself no longer accepts.
 */
class KeycloakRealmIT {

  @Test
  void should_publish_the_issuer_the_tokens_carry() {
    assertThat(Keycloak.discovery().path("issuer").asText()).isEqualTo(Keycloak.issuer());
  }

  @Test
  void should_issue_each_demo_user_a_token_with_audience_subject_group_and_search_role() {
    JsonNode alice = Keycloak.claims(Keycloak.userToken("alice"));
    JsonNode bob = Keycloak.claims(Keycloak.userToken("bob"));

    for (JsonNode user : List.of(alice, bob)) {
      assertThat(strings(user.path("aud"))).contains(Keycloak.AUDIENCE);
      assertThat(user.path("iss").asText()).isEqualTo(Keycloak.issuer());
      assertThat(user.path("azp").asText()).isEqualTo(Keycloak.CLI_CLIENT);
      assertThat(strings(user.path("realm_access").path("roles")))
          .contains("search")
          .doesNotContain("ingest", "operator", "auditor", "admin");
      assertThat(user.path("exp").asLong() - user.path("iat").asLong())
          .isEqualTo(Keycloak.LIFESPAN_SECONDS);
    }
    assertThat(strings(alice.path("groups"))).containsExactly("sales");
    assertThat(strings(bob.path("groups"))).containsExactly("support");
    assertThat(alice.path("sub").asText()).isNotBlank().isNotEqualTo(bob.path("sub").asText());
    assertThat(alice.path("preferred_username").asText()).isEqualTo("alice");
  }

  @Test
  void should_give_the_operator_person_every_role() {
    JsonNode carol = Keycloak.claims(Keycloak.userToken("carol"));
    assertThat(strings(carol.path("realm_access").path("roles")))
        .contains("ingest", "operator", "auditor", "admin", "search");
    assertThat(strings(carol.path("aud"))).contains(Keycloak.AUDIENCE);
    assertThat(carol.path("sub").asText()).isNotBlank();
  }

  @Test
  void should_issue_the_ingester_service_account_ingest_and_operator_only() {
    JsonNode ingester = Keycloak.claims(Keycloak.ingesterToken());
    assertThat(strings(ingester.path("aud"))).contains(Keycloak.AUDIENCE);
    assertThat(ingester.path("azp").asText()).isEqualTo(Keycloak.INGESTER_CLIENT);
    assertThat(ingester.path("sub").asText()).isNotBlank();
    assertThat(strings(ingester.path("realm_access").path("roles")))
        .contains("ingest", "operator")
        .doesNotContain("search", "auditor", "admin");
  }

  @Test
  void should_refuse_a_wrong_password_and_a_wrong_secret() {
    assertThatThrownBy(() -> Keycloak.passwordToken("alice", Keycloak.password("bob")))
        .isInstanceOfSatisfying(
            Keycloak.TokenRefused.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
    assertThatThrownBy(() -> Keycloak.clientToken(Keycloak.INGESTER_CLIENT, "not-the-secret"))
        .isInstanceOfSatisfying(
            Keycloak.TokenRefused.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void should_hand_out_an_expired_token_with_the_users_claims() {
    String fresh = Keycloak.userToken("bob");
    long before = Instant.now().getEpochSecond();
    String expired = Keycloak.expiredToken("bob", Keycloak.password("bob"));

    JsonNode claims = Keycloak.claims(expired);
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong())
        .isEqualTo(Keycloak.SHORT_LIFESPAN_SECONDS);
    assertThat(claims.path("exp").asLong()).isLessThan(Instant.now().getEpochSecond());
    assertThat(Instant.now().getEpochSecond() - before)
        .as("waited no longer than the short lifespan and a margin")
        .isLessThan(10);
    assertThat(strings(claims.path("aud"))).contains(Keycloak.AUDIENCE);
    assertThat(strings(claims.path("groups"))).containsExactly("support");
    assertThat(claims.path("sub").asText()).isEqualTo(Keycloak.claims(fresh).path("sub").asText());

    assertThat(Keycloak.introspect(fresh).path("active").asBoolean()).isTrue();
    assertThat(Keycloak.introspect(expired).path("active").asBoolean())
        .as("Keycloak itself no longer accepts the expired token")
        .isFalse();
  }

  /** A claim that is a string or an array of strings (as {@code aud} is), as a list. */
  private static List<String> strings(JsonNode claim) {
    List<String> out = new ArrayList<>();
    if (claim.isTextual()) {
      out.add(claim.asText());
    }
    claim.forEach(v -> out.add(v.asText()));
    return out;
  }
}
