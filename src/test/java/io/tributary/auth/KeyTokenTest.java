package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.Sha256;
import org.junit.jupiter.api.Test;

class KeyTokenTest {

  @Test
  void should_parse_what_it_generates_and_match_only_its_own_hash() {
    KeyToken k = KeyToken.generate();
    KeyToken parsed = KeyToken.parse(k.wire()).orElseThrow();

    assertThat(parsed).isEqualTo(k);
    assertThat(k.wire()).startsWith("trb_").hasSize(4 + 16 + 1 + 43);
    assertThat(parsed.matches(Sha256.hex(k.secret()))).isTrue();
    assertThat(parsed.matches(KeyToken.generate().secretHash())).isFalse();
    assertThat(k.toString()).doesNotContain(k.secret());
  }

  @Test
  void should_refuse_what_is_not_exactly_a_key() {
    String good = KeyToken.generate().wire();
    assertThat(KeyToken.parse(null)).isEmpty();
    assertThat(KeyToken.parse(good.substring(1))).isEmpty();
    assertThat(KeyToken.parse(good + "x")).isEmpty();
    assertThat(KeyToken.parse("trb_" + "G".repeat(16) + good.substring(20))).isEmpty();
    assertThat(KeyToken.parse(good.substring(0, 20) + "-" + good.substring(21))).isEmpty();
    assertThat(KeyToken.parse(good.substring(0, 30) + "+" + good.substring(31))).isEmpty();
    assertThat(KeyToken.parse("eyJhbGciOi.eyJzdWIi.sig")).isEmpty();
  }

  @Test
  void should_take_the_form_scripts_keys_sh_writes() {
    // printf %s SECRET | sha256sum, as scripts/keys.sh stores it
    KeyToken k = KeyToken.parse("trb_0123456789abcdef_" + "A".repeat(43)).orElseThrow();
    assertThat(k.id()).isEqualTo("0123456789abcdef");
    assertThat(k.secretHash()).isEqualTo(Sha256.hex("A".repeat(43)));
  }
}
