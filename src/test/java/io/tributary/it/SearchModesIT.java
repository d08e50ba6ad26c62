package io.tributary.it;

import static io.tributary.it.Retrieval.hits;
import static io.tributary.it.Retrieval.ingest;
import static io.tributary.it.Retrieval.recordIds;
import static io.tributary.it.Retrieval.search;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.api.Roles;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SearchModesIT {

  @Inject Db db;

  private static String records() {
    return """
    {"id":"R-1","version":2,"fields":{"amount":"120","closed":"2024-03-05"},
     "text":"The turbine blade cracked after the zorblax coating flaked off.",
     "acl":["ops"],"metadata":{"region":"EU"}},
    {"id":"R-2","version":1,"fields":{"amount":"80","closed":"2024-01-20"},
     "text":"Customer asked for a refund because the invoice was charged twice.",
     "acl":["ops"],"metadata":{"region":"UK"}},
    {"id":"R-3","version":5,"fields":{"amount":"300","closed":"2023-11-02"},
     "text":"Billing dispute: double payment on the monthly invoice, wants money back.",
     "acl":["ops"],"metadata":{"region":"US"}},
    {"id":"R-4","version":1,"fields":{"amount":"n/a"},
     "text":"Shipping delayed at the port; container stuck in customs.",
     "acl":["ops"],"metadata":{"region":"EU"}}
    """;
  }

  @Test
  void should_time_each_step_of_a_search_at_q_metrics() {
    String source = Retrieval.newSource("st");
    ingest(source, records());
    hits(
        "ops",
        "{\"query\":\"refund for a duplicate charge\",\"mode\":\"vector\",\"filter\":{\"source\":\""
            + source
            + "\"}}");

    String metrics =
        TestKeys.givenRoles(Roles.OPERATOR)
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    for (String step : List.of("redact", "embed", "sql", "audit")) {
      assertThat(metrics).contains("tributary_search_step_seconds_count{step=\"" + step + "\"");
    }
  }

  @Test
  void should_find_by_keyword_by_meaning_and_by_both() {
    String source = Retrieval.newSource("sm");
    ingest(source, records());
    String filter = ",\"filter\":{\"source\":\"" + source + "\"}";

    List<Map<String, Object>> keyword =
        hits("ops", "{\"query\":\"zorblax\",\"mode\":\"keyword\",\"topK\":5" + filter + "}");
    assertThat(recordIds(keyword)).containsExactly("R-1");

    // No shared word with R-3 ("refund" vs "money back"), but the same meaning: vector finds it.
    List<Map<String, Object>> vector =
        hits(
            "ops",
            "{\"query\":\"customer wants a refund for a duplicate"
                + " charge\",\"mode\":\"vector\",\"topK\":2"
                + filter
                + "}");
    assertThat(recordIds(vector)).containsExactlyInAnyOrder("R-2", "R-3");
    double top = ((Number) vector.get(0).get("score")).doubleValue();
    assertThat(top).isGreaterThan(((Number) vector.get(1).get("score")).doubleValue());

    List<Map<String, Object>> hybrid =
        hits("ops", "{\"query\":\"zorblax refund\",\"topK\":4" + filter + "}");
    assertThat(recordIds(hybrid)).contains("R-1", "R-2");
    search("ops", "{\"query\":\"zorblax\"" + filter + "}").then().body("mode", equalTo("hybrid"));

    // minScore in the mode's scale; maxPerRecord caps chunks of one record.
    assertThat(
            hits(
                "ops",
                "{\"query\":\"zorblax coating\",\"mode\":\"vector\",\"minScore\":0.99"
                    + filter
                    + "}"))
        .isEmpty();
    assertThat(
            hits(
                "ops",
                "{\"query\":\"invoice\",\"mode\":\"vector\",\"topK\":4,\"maxPerRecord\":1"
                    + filter
                    + "}"))
        .hasSize(4);
  }

  @Test
  void should_rank_a_chunk_with_the_querys_rare_word_above_one_repeating_its_common_word() {
    // "pump" is in four of five chunks, "zorblax" in one. Plain ts_rank (no idf) puts Z-1 last:
    // it is the longest text (0.0108 against 0.0160-0.0192 for the pump chunks); weighted by idf,
    // counted over the source's matched chunks (pump 0.29, zorblax 1.39), Z-1 leads (0.0300
    // against 0.0110 for a short pump chunk and 0.0092 for P-1).
    String source = Retrieval.newSource("si");
    ingest(
        source,
        """
        {"id":"P-1","text":"pump pump pump failure at the plant","acl":["ops"]},
        {"id":"P-2","text":"pump maintenance","acl":["ops"]},
        {"id":"P-3","text":"pump noise","acl":["ops"]},
        {"id":"P-4","text":"pump replaced","acl":["ops"]},
        {"id":"Z-1","text":"the zorblax valve on the cooling line was inspected today","acl":["ops"]}
        """);
    List<Map<String, Object>> keyword =
        hits(
            "ops",
            "{\"query\":\"pump zorblax\",\"mode\":\"keyword\",\"topK\":5,\"filter\":{\"source\":\""
                + source
                + "\"}}");
    assertThat(recordIds(keyword)).hasSize(5).startsWith("Z-1").endsWith("P-1");
    double[] scores =
        keyword.stream().mapToDouble(h -> ((Number) h.get("score")).doubleValue()).toArray();
    assertThat(scores[0]).isCloseTo(0.0300, org.assertj.core.data.Offset.offset(0.0002));
    assertThat(scores[1]).isCloseTo(0.0110, org.assertj.core.data.Offset.offset(0.0002));
    assertThat(scores[4]).isCloseTo(0.0092, org.assertj.core.data.Offset.offset(0.0002));
  }

  @Test
  void should_apply_filters_inside_the_query() {
    String source = Retrieval.newSource("sf");
    String other = Retrieval.newSource("sf");
    ingest(source, records());
    ingest(other, records());
    String q = "{\"query\":\"customer problem\",\"mode\":\"vector\",\"topK\":50,\"filter\":";
    assertThat(ids(q + "{\"source\":\"" + source + "\",\"metadata.region\":[\"EU\",\"UK\"]}}"))
        .containsExactlyInAnyOrder(source + "/R-1", source + "/R-2", source + "/R-4");
    assertThat(
            ids(
                q
                    + "{\"source\":[\""
                    + source
                    + "\",\""
                    + other
                    + "\"],\"metadata.region\":\"US\"}}"))
        .containsExactlyInAnyOrder(source + "/R-3", other + "/R-3");
    assertThat(ids(q + "{\"source\":\"" + source + "\",\"fields.amount\":{\"gte\":100}}}"))
        .containsExactlyInAnyOrder(source + "/R-1", source + "/R-3");
    assertThat(ids(q + "{\"source\":\"" + source + "\",\"fields.amount\":{\"gt\":80,\"lt\":300}}}"))
        .containsExactlyInAnyOrder(source + "/R-1");
    assertThat(
            ids(
                q
                    + "{\"source\":\""
                    + source
                    + "\",\"fields.closed\":{\"gte\":\"2024-01-01\",\"lt\":\"2024-03-01\"}}}"))
        .containsExactlyInAnyOrder(source + "/R-2");
    assertThat(ids(q + "{\"source\":\"" + source + "\",\"fields.amount\":\"80\"}}"))
        .containsExactlyInAnyOrder(source + "/R-2");
    assertThat(
            ids(
                "{\"query\":\"invoice\",\"mode\":\"keyword\",\"filter\":{\"source\":\""
                    + source
                    + "\",\"metadata.region\":\"UK\"}}"))
        .containsExactly(source + "/R-2");
  }

  private static Set<String> ids(String body) {
    Set<String> out = new HashSet<>();
    for (Map<String, Object> h : hits("ops", body)) {
      Map<?, ?> p = (Map<?, ?>) h.get("provenance");
      out.add(p.get("source") + "/" + p.get("recordId"));
    }
    return out;
  }

  @Test
  void should_answer_bad_searches_with_problem_json() {
    for (String bad :
        List.of(
            "{\"query\":\"x\",\"mode\":\"fuzzy\"}",
            "{\"query\":\"x\",\"filter\":{\"metadata.a b\":\"x\"}}",
            "{\"query\":\"x\",\"filter\":{\"owner\":\"x\"}}",
            "{\"query\":\"x\",\"filter\":{\"fields.amount\":{\"gte\":\"lots\"}}}",
            "{\"query\":\"x\",\"filter\":[1]}",
            "{\"query\":\"x\",\"maxPerRecord\":0}")) {
      search("ops", bad)
          .then()
          .statusCode(400)
          .contentType(containsString("application/problem+json"))
          .body("status", equalTo(400));
    }
  }

  @Test
  void should_return_top_k_when_a_filter_matches_one_percent_of_rows() {
    String source = Retrieval.newSource("sp");
    int n = 2000;
    for (int batch = 0; batch < n; batch += 500) {
      StringBuilder body = new StringBuilder();
      for (int i = batch; i < batch + 500; i++) {
        body.append(i == batch ? "" : ",")
            .append("{\"id\":\"P-")
            .append(i)
            .append("\",\"text\":\"Maintenance log ")
            .append(i)
            .append(": pump ")
            .append(i % 17)
            .append(" inspected, pressure nominal, valve ")
            .append(i % 13)
            .append(" replaced.\",\"acl\":[\"ops\"],\"metadata\":{\"bucket\":\"")
            .append(i % 100 == 7 ? "rare" : "common")
            .append("\"}}");
      }
      ingest(source, body.toString());
    }
    assertThat(
            db.count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND metadata->>'bucket' = 'rare'"))
        .isEqualTo(20);
    List<Map<String, Object>> hits =
        hits(
            "ops",
            "{\"query\":\"pump pressure"
                + " inspection\",\"mode\":\"vector\",\"topK\":20,\"filter\":{\"source\":\""
                + source
                + "\",\"metadata.bucket\":\"rare\"}}");
    assertThat(hits).hasSize(20);
    assertThat(recordIds(hits)).allMatch(id -> Integer.parseInt(id.substring(2)) % 100 == 7);
    // Without the source filter (1% of this source, far less of the table) topK is still full.
    assertThat(
            hits(
                "ops",
                "{\"query\":\"pump pressure"
                    + " inspection\",\"mode\":\"vector\",\"topK\":15,\"filter\":"
                    + "{\"metadata.bucket\":\"rare\"}}"))
        .hasSize(15);
  }
}
