package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.redact.DetectingRedactor;
import io.tributary.redact.Detector;
import io.tributary.redact.Finding;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The canary's identifiers are valid ones: CanaryIT plants random identifiers and fails when one
 * reaches the database, so a generator that sometimes makes an invalid identifier (a NINO with the
 * unallocated prefix BG, which the detector rightly leaves alone) would fail it for the wrong
 * reason once in a few runs. Many seeds, each identifier found whole in the sentence CanaryIT
 * writes.
 */
class CanaryIdsTest {

  private final List<Detector> detectors = DetectingRedactor.standardDetectors();

  @Test
  void should_generate_only_identifiers_that_the_detector_finds() {
    List<Function<CanaryIT.NationalIds, String>> kinds =
        List.of(
            CanaryIT.NationalIds::nino,
            CanaryIT.NationalIds::hetu,
            CanaryIT.NationalIds::personnummer,
            CanaryIT.NationalIds::cpf,
            CanaryIT.NationalIds::nir,
            CanaryIT.NationalIds::codiceFiscale,
            CanaryIT.NationalIds::finM);
    for (long seed = 0; seed < 3000; seed++) {
      CanaryIT.NationalIds ids = new CanaryIT.NationalIds(new Random(seed));
      for (Function<CanaryIT.NationalIds, String> kind : kinds) {
        String id = kind.apply(ids);
        String text = "SSN on file " + id + ", national id " + id + ".";
        List<String> found =
            detectors.stream()
                .flatMap(d -> d.find(text).stream())
                .map((Finding f) -> text.substring(f.start(), f.end()))
                .toList();
        assertThat(found).as("seed %d: %s", seed, id).contains(id);
      }
    }
  }
}
