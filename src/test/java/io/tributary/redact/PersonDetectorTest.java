package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PersonDetectorTest {

  private final PersonDetector detector = new PersonDetector();

  static List<FixtureTexts.Case> fixtures() {
    return FixtureTexts.load("person-detector.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void should_report_exactly_the_marked_names(FixtureTexts.Case c) {
    assertThat(found(detector, c.text())).as(c.text()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void should_not_end_a_name_with_a_pronoun() {
    assertThat(found(detector, "Yesterday Teresa I met")).containsExactly("Teresa");
  }

  @Test
  void should_not_take_a_field_label_at_a_line_start_for_a_dialogue_speaker() {
    assertThat(found(detector, "Ticket 4411.\nContact: The billing office")).isEmpty();
    assertThat(found(detector, "Contact: Please call us back.")).isEmpty();
    assertThat(found(detector, "Methods: We sampled 40 wards.")).isEmpty();
    assertThat(found(detector, "Customer: Hello, my order is late.")).isEmpty();
    // the name after the label is still one, and a speaker who is no label still speaks
    assertThat(found(detector, "Contact: Jane Doe")).containsExactly("Jane Doe");
    assertThat(found(detector, "Vsevolod: Who are you?")).containsExactly("Vsevolod");
  }

  @Test
  void should_replace_a_name_with_a_numbered_placeholder_by_default_policy() {
    DetectingRedactor redactor = Fixtures.redactor();
    String redacted = redactor.redactText("Dear Teresa, Teresa and Leif will call.").text();

    assertThat(redacted).doesNotContain("Teresa").doesNotContain("Leif").contains("[PERSON]");
  }
}
