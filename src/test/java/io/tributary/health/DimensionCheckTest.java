package io.tributary.health;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.pipeline.FatalPipelineException;
import org.junit.jupiter.api.Test;

class DimensionCheckTest {

  @Test
  void should_pass_when_configuration_model_and_column_agree() {
    assertThatCode(() -> DimensionCheck.require(384, 384, 384)).doesNotThrowAnyException();
  }

  @Test
  void should_fail_the_start_with_a_clear_message_on_a_wrong_dimension() {
    assertThatThrownBy(() -> DimensionCheck.require(768, 384, 384))
        .isInstanceOf(FatalPipelineException.class)
        .hasMessageContaining("tributary.embedding.dimension=768")
        .hasMessageContaining("the model produces 384")
        .hasMessageContaining("vector(384)");
    assertThatThrownBy(() -> DimensionCheck.require(384, 384, 1536))
        .isInstanceOf(FatalPipelineException.class);
  }
}
