package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void should_let_ingest_write_every_source_and_ingest_of_a_source_only_that_one() {
    Caller all = new Caller("key:1", Set.of(), Set.of(Roles.INGEST));
    Caller crm = new Caller("key:2", Set.of(), Set.of(Roles.ingestOf("crm")));
    Caller reader = new Caller("alice", Set.of("alice"), Set.of(Roles.SEARCH));

    assertThat(all.mayIngest("crm")).isTrue();
    assertThat(all.mayIngest("erp")).isTrue();
    assertThat(crm.mayIngest("crm")).isTrue();
    assertThat(crm.mayIngest("erp")).isFalse();
    assertThat(crm.mayIngest("crm2")).isFalse();
    assertThat(reader.mayIngest("crm")).isFalse();
    assertThatThrownBy(() -> reader.requireIngest("crm"))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(403));
  }

  @Test
  void should_know_the_roles_and_source_scoped_ingest_only() {
    assertThat(Roles.isKnown("search")).isTrue();
    assertThat(Roles.isKnown("ingest:crm")).isTrue();
    assertThat(Roles.isKnown("ingest:")).isFalse();
    assertThat(Roles.isKnown("root")).isFalse();
    assertThat(Roles.isKnown("Search")).isFalse();
  }

  @Test
  void should_refuse_a_caller_without_an_actor() {
    assertThatThrownBy(() -> new Caller(" ", Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
