package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.ProblemException;
import org.junit.jupiter.api.Test;

class ConsolePrincipalsTest {

  @Test
  void should_read_comma_separated_principals_in_order_without_blanks() {
    assertThat(ConsoleResource.principals(" alice , sales,,alice "))
        .containsExactly("alice", "sales");
  }

  @Test
  void should_refuse_no_principal_too_many_or_odd_ones() {
    assertThatThrownBy(() -> ConsoleResource.principals(" , "))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> ConsoleResource.principals("a\u0000b"))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> ConsoleResource.principals("x".repeat(201)))
        .isInstanceOf(ProblemException.class);
    String many =
        String.join(",", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "p" + i).toList());
    assertThatThrownBy(() -> ConsoleResource.principals(many)).isInstanceOf(ProblemException.class);
  }
}
