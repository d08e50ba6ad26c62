package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PseudonymizerTest {

  @Test
  void should_reject_key_shorter_than_32_characters() {
    assertThatThrownBy(() -> new Pseudonymizer("x".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 characters")
        .hasMessageNotContaining("xxxx");
  }

  @Test
  void should_reject_missing_key() {
    assertThatThrownBy(() -> new Pseudonymizer(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_accept_key_of_exactly_32_characters() {
    assertThat(new Pseudonymizer("k".repeat(32)).pseudonym("v")).matches("[0-9a-f]{16}");
  }

  @Test
  void should_give_same_pseudonym_for_same_key_and_value() {
    assertThat(new Pseudonymizer(Fixtures.KEY).pseudonym("alice@example.com"))
        .isEqualTo(new Pseudonymizer(Fixtures.KEY).pseudonym("alice@example.com"));
  }

  @Test
  void should_give_different_pseudonyms_for_different_keys_or_values() {
    Pseudonymizer one = new Pseudonymizer(Fixtures.KEY);
    Pseudonymizer other = new Pseudonymizer(Fixtures.OTHER_KEY);
    assertThat(one.pseudonym("alice@example.com"))
        .isNotEqualTo(other.pseudonym("alice@example.com"));
    assertThat(one.pseudonym("alice@example.com")).isNotEqualTo(one.pseudonym("bob@example.com"));
    assertThat(one.keyFingerprint()).isNotEqualTo(other.keyFingerprint());
  }

  @Test
  void should_not_be_a_plain_hash_of_the_value() {
    String value = "alice@example.com";
    assertThat(io.tributary.model.Sha256.hex(value))
        .doesNotStartWith(new Pseudonymizer(Fixtures.KEY).pseudonym(value));
  }
}
