package io.tributary.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.api.ProblemException;
import io.tributary.model.FilterCondition;
import io.tributary.model.FilterCondition.Kind;
import io.tributary.model.FilterCondition.Op;
import io.tributary.model.FilterCondition.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<FilterCondition> parse(String json) throws Exception {
    return FilterParser.parse(JSON.readTree(json));
  }

  @Test
  void should_parse_the_issue_example_into_conditions() throws Exception {
    List<FilterCondition> c =
        parse(
            "{\"source\":\"crm\",\"metadata.region\":[\"EU\",\"UK\"],\"fields.amount\":{\"gte\":100}}");
    assertThat(c)
        .containsExactly(
            new FilterCondition(Target.SOURCE, null, Op.EQ, Kind.TEXT, List.of("crm")),
            new FilterCondition(Target.METADATA, "region", Op.IN, Kind.TEXT, List.of("EU", "UK")),
            new FilterCondition(Target.FIELDS, "amount", Op.GTE, Kind.NUMBER, List.of("100")));
  }

  @Test
  void should_take_a_list_of_sources_and_date_ranges() throws Exception {
    List<FilterCondition> c =
        parse(
            "{\"source\":[\"crm\",\"erp\"],"
                + "\"fields.closed\":{\"gte\":\"2024-01-01\",\"lt\":\"2024-02-01T00:00:00Z\"}}");
    assertThat(c).hasSize(3);
    assertThat(c.get(0).op()).isEqualTo(Op.IN);
    assertThat(c.get(1))
        .isEqualTo(
            new FilterCondition(Target.FIELDS, "closed", Op.GTE, Kind.DATE, List.of("2024-01-01")));
    assertThat(c.get(2).op()).isEqualTo(Op.LT);
    assertThat(c.get(2).kind()).isEqualTo(Kind.DATE);
  }

  @Test
  void should_compare_numbers_and_booleans_for_equality_as_text() throws Exception {
    assertThat(parse("{\"fields.n\":100,\"metadata.flag\":true}"))
        .extracting(FilterCondition::values)
        .containsExactly(List.of("100"), List.of("true"));
  }

  @Test
  void should_refuse_unsafe_keys_unknown_targets_and_bad_ranges() {
    for (String bad :
        List.of(
            "[1]",
            "{\"region\":\"EU\"}",
            "{\"metadata.x'; DROP TABLE chunks;--\":\"EU\"}",
            "{\"metadata.\":\"EU\"}",
            "{\"fields.amount\":{\"between\":1}}",
            "{\"fields.amount\":{\"gte\":\"soon\"}}",
            "{\"fields.amount\":{}}",
            "{\"source\":{\"gte\":1}}",
            "{\"metadata.region\":[]}",
            "{\"metadata.region\":{\"gte\":[1]}}",
            "{\"metadata.region\":null}",
            "{\"metadata.region\":[{\"a\":1}]}",
            "{\"fields.amount\":{\"gt\":1e400}}",
            "{\"fields.amount\":1e400}",
            "{\"fields.when\":{\"gte\":\"+10000-01-01\"}}")) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOf(ProblemException.class)
          .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }
  }

  @Test
  void should_treat_a_missing_filter_as_no_conditions() throws Exception {
    assertThat(FilterParser.parse(null)).isEmpty();
    assertThat(parse("null")).isEmpty();
    assertThat(parse("{}")).isEmpty();
  }
}
