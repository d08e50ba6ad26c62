package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFailuresTest {

  @ParameterizedTest
  @CsvSource({
    "08001, retriable",
    "08006, retriable",
    "40001, retriable",
    "40P01, retriable",
    "57P01, retriable",
    "53300, retriable",
    "22000, poison",
    "22P02, poison",
    "23505, poison",
    "28P01, fatal",
    "42P01, fatal",
    "3D000, fatal"
  })
  void should_classify_by_sqlstate(String state, String kind) {
    Class<?> expected =
        switch (kind) {
          case "retriable" -> RetriableException.class;
          case "poison" -> PoisonRecordException.class;
          default -> FatalPipelineException.class;
        };
    assertThat(SqlFailures.classify(new SQLException("boom", state), "x")).isInstanceOf(expected);
  }

  @org.junit.jupiter.api.Test
  void should_treat_a_failure_without_sqlstate_as_retriable() {
    assertThat(SqlFailures.classify(new SQLException("acquisition timeout"), "x"))
        .isInstanceOf(RetriableException.class);
  }
}
