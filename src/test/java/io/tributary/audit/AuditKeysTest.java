package io.tributary.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditKeysTest {

  private static final String OLD = "k1:old-secret-0123456789abcdefghijklmnop";
  private static final String NEW = "k2:new-secret-0123456789abcdefghijklmnop";

  @Test
  void should_sign_with_the_first_key_and_verify_with_every_listed_one() {
    AuditKeys before = new AuditKeys(List.of(OLD));
    AuditKeys after = new AuditKeys(List.of(NEW, OLD));
    assertThat(after.activeId()).isEqualTo("k2");
    String signedBefore = before.mac("k1", "entry");
    assertThat(after.matches("k1", "entry", signedBefore)).isTrue();
    assertThat(after.matches("k1", "entry!", signedBefore)).isFalse();
    assertThat(after.matches("k2", "entry", signedBefore)).isFalse();
    assertThat(new AuditKeys(List.of(NEW)).matches("k1", "entry", signedBefore))
        .as("a key no longer listed verifies nothing")
        .isFalse();
  }

  @Test
  void should_compute_the_standard_hmac_sha256_of_the_utf8_secret() {
    // Pinned from Python: hmac.new(b'k' * 32, b'what do ya want for nothing?', sha256).hexdigest()
    assertThat(
            new AuditKeys(List.of("a:" + "k".repeat(32))).mac("a", "what do ya want for nothing?"))
        .isEqualTo("4f63351605b85f42e803b30e42c1905fed065a563ff4295a47982e43f228e097");
  }

  @Test
  void should_refuse_bad_settings_without_printing_a_secret() {
    assertThatThrownBy(() -> new AuditKeys(List.of()))
        .hasMessageContaining("TRIBUTARY_AUDIT_HMAC_KEYS");
    assertThatThrownBy(() -> new AuditKeys(List.of("k1:short-secret")))
        .hasMessageContaining("'k1'")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> new AuditKeys(List.of("no-colon-0123456789abcdefghijklmnopq")))
        .hasMessageContaining("id:secret")
        .hasMessageNotContaining("0123456789");
    assertThatThrownBy(() -> new AuditKeys(List.of(OLD, OLD))).hasMessageContaining("twice");
  }
}
