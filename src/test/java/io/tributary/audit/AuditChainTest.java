package io.tributary.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditChainTest {

  /**
   * Pinned from PostgreSQL: audit_chain_hash(repeat('0',64), audit_canonical(...)) of migration V5.
   */
  @Test
  void should_hash_exactly_like_the_database_trigger() {
    AuditChain.Content first =
        new AuditChain.Content(1, 1795483714967331L, "a", "x", null, null, "{\"b\": 1}");
    assertThat(AuditChain.canonical(first)).isEqualTo("1|1795483714967331|1:a|1:x|-|-|{\"b\": 1}");
    String h1 = AuditChain.hash(AuditChain.GENESIS, first);
    assertThat(h1).isEqualTo("d065b36c58b3a65d71ba2c1ba2971a2f283f11f3ab264a4cb9e6a02dc090bf22");
    AuditChain.Content second =
        new AuditChain.Content(2, 1795483714967435L, null, "y", null, null, "{}");
    assertThat(AuditChain.hash(h1, second))
        .isEqualTo("78d791ab614fccdc5a005f32f034781376863227964221111c1a9c92eb4cfac0");
  }

  @Test
  void should_count_code_points_and_tell_null_from_empty() {
    AuditChain.Content c =
        new AuditChain.Content(
            3, 1795483714977103L, "é", "search", "s", null, "{\"a\": [1, 2], \"q\": \"hé\"}");
    assertThat(
            AuditChain.hash("78d791ab614fccdc5a005f32f034781376863227964221111c1a9c92eb4cfac0", c))
        .isEqualTo("60d9609959aa40ba17090d2e68ce71f21add839332a769bb38217f01a0c0c087");
    AuditChain.Content empty = new AuditChain.Content(3, 1, "", "a", null, null, "{}");
    AuditChain.Content nul = new AuditChain.Content(3, 1, null, "a", null, null, "{}");
    assertThat(AuditChain.hash(AuditChain.GENESIS, empty))
        .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, nul));
  }

  @Test
  void should_change_the_hash_when_any_part_changes() {
    AuditChain.Content c =
        new AuditChain.Content(5, 10, "alice", "search", null, null, "{\"q\": 1}");
    String h = AuditChain.hash(AuditChain.GENESIS, c);
    assertThat(
            AuditChain.hash(
                AuditChain.GENESIS,
                new AuditChain.Content(5, 10, "alice", "search", null, null, "{\"q\": 2}")))
        .isNotEqualTo(h);
    assertThat(
            AuditChain.hash(
                AuditChain.GENESIS,
                new AuditChain.Content(6, 10, "alice", "search", null, null, "{\"q\": 1}")))
        .isNotEqualTo(h);
    assertThat(AuditChain.hash("1".repeat(64), c)).isNotEqualTo(h);
  }

  @Test
  void should_sign_position_predecessor_key_and_content_in_the_mac_input() {
    AuditChain.Content c = new AuditChain.Content(7, 10, "alice", "search", null, null, "{}");
    assertThat(AuditChain.macInput("k1", "ab", c))
        .isEqualTo("tributary-audit-entry-v1\nk1\nab\n7|10|5:alice|6:search|-|-|{}");
    assertThat(AuditChain.checkpointInput("k1", 7, "cd"))
        .isEqualTo("tributary-audit-checkpoint-v1\nk1\n7\ncd");
    assertThat(AuditChain.link(null, "hash")).isEqualTo("hash");
    assertThat(AuditChain.link("mac", "hash")).isEqualTo("mac");
  }
}
