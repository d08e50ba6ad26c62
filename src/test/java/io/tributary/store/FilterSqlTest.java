package io.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.FilterCondition;
import io.tributary.model.FilterCondition.Kind;
import io.tributary.model.FilterCondition.Op;
import io.tributary.model.FilterCondition.Target;
import io.tributary.model.SearchScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterSqlTest {

  @Test
  void should_compile_every_value_and_key_to_a_bind_parameter() {
    String evil = "x' OR 1=1 --";
    SearchScope scope =
        new SearchScope(
            List.of(
                new FilterCondition(Target.SOURCE, null, Op.IN, Kind.TEXT, List.of("crm", evil)),
                new FilterCondition(Target.METADATA, "region", Op.EQ, Kind.TEXT, List.of(evil)),
                new FilterCondition(Target.FIELDS, "amount", Op.GTE, Kind.NUMBER, List.of("100")),
                new FilterCondition(
                    Target.FIELDS, "closed", Op.LT, Kind.DATE, List.of("2024-01-01"))),
            Set.of("sales", "eu"),
            false);
    FilterSql sql = FilterSql.compile(scope);
    assertThat(sql.where())
        .doesNotContain(evil)
        .doesNotContain("region")
        .doesNotContain("amount")
        .doesNotContain("100");
    assertThat(sql.where())
        .isEqualTo(
            "(c.acl && ?::text[] OR (? AND c.acl = '{}')) AND c.source = ANY(?::text[]) AND"
                + " c.metadata @> ?::jsonb AND tributary_numeric((r.fields ->> ?)) >= ?::numeric"
                + " AND tributary_timestamptz((r.fields ->> ?)) < ?::timestamptz");
    assertThat(sql.joinsRecords()).isTrue();
    assertThat(sql.params()).hasSize(8);
    assertThat((String[]) sql.params().get(0)).containsExactly("eu", "sales");
    assertThat(sql.params().get(1)).isEqualTo(false);
    assertThat((String[]) sql.params().get(2)).containsExactly("crm", evil);
    assertThat(sql.params().subList(3, 8))
        .containsExactly("{\"region\": \"" + evil + "\"}", "amount", "100", "closed", "2024-01-01");
  }

  @Test
  void should_compile_metadata_equality_and_lists_to_containment_of_escaped_json()
      throws Exception {
    String nasty = "a\"b\\c\n}";
    FilterSql sql =
        FilterSql.compile(
            new SearchScope(
                List.of(
                    new FilterCondition(
                        Target.METADATA, "ticket.kind", Op.EQ, Kind.TEXT, List.of(nasty)),
                    new FilterCondition(
                        Target.METADATA, "region", Op.IN, Kind.TEXT, List.of("EU", nasty))),
                Set.of("ops"),
                false));
    assertThat(sql.where())
        .endsWith("AND c.metadata @> ?::jsonb AND c.metadata @> ANY(?::text[]::jsonb[])");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue((String) sql.params().get(2), Map.class))
        .isEqualTo(Map.of("ticket.kind", nasty));
    String[] any = (String[]) sql.params().get(3);
    assertThat(json.readValue(any[0], Map.class)).isEqualTo(Map.of("region", "EU"));
    assertThat(json.readValue(any[1], Map.class)).isEqualTo(Map.of("region", nasty));
    assertThat(sql.joinsRecords()).isFalse();
  }

  @Test
  void should_not_join_records_without_a_field_condition() {
    FilterSql sql = FilterSql.compile(new SearchScope(List.of(), Set.of(), true));
    assertThat(sql.joinsRecords()).isFalse();
    assertThat(sql.params()).hasSize(2);
    assertThat(sql.params().get(1)).isEqualTo(true);
  }
}
