package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of every shipped detector on the same text: {@link Detector#find} never
 * throws, and its findings lie inside the text ({@code 0 <= start < end <= length}, which {@link
 * Finding} checks of the first two) in ascending order of start, as its contract says. Without
 * {@code JAZZER_FUZZ} this replays the seeds in {@code DetectorFuzzTestInputs/}; see
 * docs/fuzzing.md.
 */
class DetectorFuzzTest {

  private static final List<Detector> DETECTORS = DetectingRedactor.standardDetectors();

  @FuzzTest(maxDuration = "15s")
  void findings_stay_inside_the_text(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    for (Detector detector : DETECTORS) {
      List<Finding> findings = detector.find(text);
      int previousStart = 0;
      for (Finding f : findings) {
        assertThat(f.end()).as("%s end", detector.type()).isLessThanOrEqualTo(text.length());
        assertThat(f.start()).as("%s order", detector.type()).isGreaterThanOrEqualTo(previousStart);
        previousStart = f.start();
      }
    }
  }
}
