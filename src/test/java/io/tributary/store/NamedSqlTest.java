package io.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedSqlTest {

  @Test
  void should_replace_names_with_placeholders_and_leave_casts_and_literals_alone() {
    NamedSql sql =
        NamedSql.of(
            "UPDATE t SET a = :a::jsonb, b = '{}'::jsonb, c = ':not' WHERE x = :x AND y = :a");
    assertThat(sql.sql())
        .isEqualTo("UPDATE t SET a = ?::jsonb, b = '{}'::jsonb, c = ':not' WHERE x = ? AND y = ?");
  }

  @Test
  void should_name_the_placeholders_of_a_positional_fragment_in_order() {
    assertThat(NamedSql.named("(c.acl && ?::text[] OR (? AND c.acl = '{?}'))", "f"))
        .isEqualTo("(c.acl && :f0::text[] OR (:f1 AND c.acl = '{?}'))");
  }

  @Test
  void should_refuse_a_bare_question_mark() {
    assertThatThrownBy(() -> NamedSql.of("SELECT 1 WHERE a = ?"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
