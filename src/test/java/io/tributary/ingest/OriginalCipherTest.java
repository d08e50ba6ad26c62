package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginalCipherTest {

  private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 =
      "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void should_seal_with_the_first_key_and_open_with_any_configured_one() throws Exception {
    OriginalCipher old = OriginalCipher.parse(List.of(K1));
    OriginalCipher.Sealed sealed = old.seal("alice@example.com".getBytes(), "s\u0000r1");
    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("alice");
    OriginalCipher rotated = OriginalCipher.parse(List.of(K2, K1));
    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.seal(new byte[1], "a").keyId()).isEqualTo("k2");
    assertThat(open(rotated, sealed, "s\u0000r1")).isEqualTo("alice@example.com");
  }

  @Test
  void should_use_a_fresh_96_bit_nonce_for_every_message() {
    OriginalCipher c = OriginalCipher.parse(List.of(K1));
    OriginalCipher.Sealed a = c.seal("same".getBytes(), "x");
    OriginalCipher.Sealed b = c.seal("same".getBytes(), "x");
    assertThat(a.nonce()).hasSize(12).isNotEqualTo(b.nonce());
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
  }

  @Test
  void should_refuse_another_record_a_tampered_message_and_a_dropped_key() {
    OriginalCipher c = OriginalCipher.parse(List.of(K1));
    OriginalCipher.Sealed sealed = c.seal("secret".getBytes(), "s\u0000r1");
    assertThatThrownBy(() -> c.open(sealed, "s\u0000r2"))
        .isInstanceOf(OriginalCipher.Unreadable.class);
    byte[] bent = sealed.ciphertext().clone();
    bent[0] ^= 1;
    assertThatThrownBy(
            () -> c.open(new OriginalCipher.Sealed("k1", sealed.nonce(), bent), "s\u0000r1"))
        .isInstanceOf(OriginalCipher.Unreadable.class);
    assertThatThrownBy(() -> OriginalCipher.parse(List.of(K2)).open(sealed, "s\u0000r1"))
        .isInstanceOf(OriginalCipher.Unreadable.class)
        .hasMessageContaining("k1");
  }

  @Test
  void should_refuse_bad_key_lists_without_echoing_key_material() {
    assertThatThrownBy(() -> OriginalCipher.parse(List.of())).hasMessageContaining("no originals");
    assertThatThrownBy(() -> OriginalCipher.parse(List.of("k1:c2hvcnQ=")))
        .hasMessageContaining("16, 24 or 32")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> OriginalCipher.parse(List.of(K1, K1))).hasMessageContaining("twice");
    assertThatThrownBy(() -> OriginalCipher.parse(List.of("nokey")))
        .hasMessageContaining("id:base64");
  }

  private static String open(OriginalCipher c, OriginalCipher.Sealed s, String aad)
      throws OriginalCipher.Unreadable {
    return new String(c.open(s, aad), StandardCharsets.UTF_8);
  }
}
