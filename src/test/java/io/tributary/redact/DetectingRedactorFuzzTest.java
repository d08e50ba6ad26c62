package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the redactor: a known value is planted on a line of its own between
 * two fuzzed texts, and no line of the redacted text is that value. The plant is bounded by line
 * breaks because a fuzzed neighbour that touches it may legitimately make a longer token that is no
 * such value ({@code x4111...}); a line break joins no value of these kinds. The property covers
 * every line that is the value, also one the fuzzer wrote itself. Never throws, whatever the text.
 */
class DetectingRedactorFuzzTest {

  /**
   * One of each kind with a checksum or a fixed shape: an e-mail, a Luhn-valid card, an SSN, an
   * IBAN.
   */
  private static final String[] PLANTS = {
    "alice.smith@example.com", "4111 1111 1111 1111", "123-45-6789", "DE89 3704 0044 0532 0130 00"
  };

  private final DetectingRedactor redactor = Fixtures.redactor();

  @FuzzTest(maxDuration = "15s")
  void planted_values_never_survive(FuzzedDataProvider data) {
    String plant = data.pickValue(PLANTS);
    String before = data.consumeString(2_000);
    String after = data.consumeRemainingAsString();
    String redacted = redactor.redactText(before + "\n" + plant + "\n" + after).text();
    assertThat(("\n" + redacted + "\n").contains("\n" + plant + "\n"))
        .as("planted %s survives", plant)
        .isFalse();
  }
}
