package io.tributary.retrieve;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.api.ProblemException;

/**
 * Coverage-guided fuzzing of the filter parser: any JSON filter gives conditions or a {@link
 * ProblemException} (a 400); any other exception would be a 500.
 */
class FilterParserFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "15s")
  void any_filter_parses_or_is_a_problem(FuzzedDataProvider data) {
    String filter = data.consumeRemainingAsString();
    JsonNode node;
    try {
      node = JSON.readTree(filter);
    } catch (JsonProcessingException e) {
      return; // not JSON: the REST layer answers 400 before the parser
    }
    try {
      FilterParser.parse(node);
    } catch (ProblemException expected) {
      // the declared answer to a bad filter
    }
  }
}
