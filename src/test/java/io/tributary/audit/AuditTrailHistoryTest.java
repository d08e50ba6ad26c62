package io.tributary.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditTrailHistoryTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static AuditTrail.Entry entry(String recordId, String detail) throws Exception {
    JsonNode tree = JSON.readTree(detail);
    return new AuditTrail.Entry(
        7, 7, Instant.EPOCH, "t", UnchangedBatch.ACTION, "crm", recordId, tree, "h");
  }

  @Test
  void should_show_a_record_only_its_own_part_of_a_merged_entry() throws Exception {
    AuditTrail.Entry merged =
        entry(
            null,
            "{\"count\": 3, \"records\": [{\"id\": \"A\", \"chunks\": 1}, {\"id\": \"B\","
                + " \"chunks\": 2}, {\"id\": \"A\", \"chunks\": 1}]}");

    AuditTrail.Entry shown = AuditTrail.ownPart(merged, "B");

    assertThat(shown.detail().toString()).isEqualTo("{\"records\":[{\"id\":\"B\",\"chunks\":2}]}");
    assertThat(shown.hash()).isEqualTo("h");
    assertThat(shown.seq()).isEqualTo(7);
    assertThat(AuditTrail.ownPart(merged, "A").detail().get("records")).hasSize(2);
  }

  @Test
  void should_leave_a_per_record_entry_as_it_is() throws Exception {
    AuditTrail.Entry one = entry("A", "{\"chunks\": 1, \"contentHash\": \"x\"}");

    assertThat(AuditTrail.ownPart(one, "A")).isSameAs(one);
  }
}
