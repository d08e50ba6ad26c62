package io.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerPrincipalsTest {

  @Test
  void should_refuse_the_header_where_it_is_not_trusted() {
    CallerPrincipals prod = new CallerPrincipals(false);
    assertThat(prod.of(null)).isEmpty();
    assertThatThrownBy(() -> prod.of("admin"))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(403));
  }

  @Test
  void should_split_trim_and_bound_principals_where_trusted() {
    CallerPrincipals dev = new CallerPrincipals(true);
    assertThat(dev.of(" alice, bob ,,alice")).isEqualTo(Set.of("alice", "bob"));
    assertThatThrownBy(() -> dev.of("x".repeat(201))).isInstanceOf(ProblemException.class);
    String many =
        String.join(",", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "p" + i).toList());
    assertThatThrownBy(() -> dev.of(many)).isInstanceOf(ProblemException.class);
  }
}
