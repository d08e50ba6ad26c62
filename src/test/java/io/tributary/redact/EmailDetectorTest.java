package io.tributary.redact;

import static io.tributary.redact.Fixtures.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {

  private final EmailDetector detector = new EmailDetector();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@example.com",
        "alice+newsletters@example.com",
        "bob.smith@mail.eng.example.co.uk",
        "first_last-99@sub-domain.example.io",
        "UtaKortig@jourrapide.com",
        "john.smith1985@example.org",
        "ADMIN@EXAMPLE.COM"
      })
  void should_find_email_address_in_prose(String email) {
    assertThat(found(detector, "Please write to " + email + ", thanks.")).containsExactly(email);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<%s>",
        "mailto:%s",
        "(%s)",
        "%s.",
        "\"%s\"",
        "see...%s",
        "%s\n",
        "%s-thanks",
        "%s:"
      })
  void should_find_email_address_between_punctuation(String template) {
    String email = "carol.x@example.net";
    assertThat(found(detector, template.formatted(email))).containsExactly(email);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b",
        "foo@@bar.com",
        "ping @alice and @bob.smith on chat",
        "user@localhost",
        "alice@example",
        "version 1.2@3.4",
        "name@123.456",
        "@example.com"
      })
  void should_not_report_text_that_is_not_an_email_address(String text) {
    assertThat(found(detector, text)).isEmpty();
  }

  @Test
  void should_reject_local_part_with_consecutive_dots_but_find_the_valid_address_inside() {
    // "a..b@example.com" is not an address; its valid tail is still redacted, so at most "a.."
    // leaks.
    assertThat(found(detector, "x a..b@example.com")).containsExactly("b@example.com");
  }

  @Test
  void should_find_several_addresses_in_order() {
    assertThat(found(detector, "a@example.com, b@example.org; c@example.net"))
        .containsExactly("a@example.com", "b@example.org", "c@example.net");
  }
}
