package io.tributary.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnchangedBatchTest {

  static AuditEntry unchanged(String source, String id, String actor) {
    return new AuditEntry(
        actor, "ingest.unchanged", source, id, Map.of("chunks", 2, "contentHash", "h-" + id));
  }

  static AuditEntry indexed(String id) {
    return new AuditEntry("t", "ingest.indexed", "crm", id, Map.of("chunks", 1));
  }

  @Test
  void should_merge_the_unchanged_deliveries_of_a_source_into_one_entry_naming_each() {
    List<AuditEntry> merged =
        UnchangedBatch.merged(
            List.of(unchanged("crm", "A", "t"), indexed("X"), unchanged("crm", "B", "t")));

    assertThat(merged)
        .extracting(AuditEntry::action)
        .containsExactly("ingest.unchanged", "ingest.indexed");
    AuditEntry batch = merged.get(0);
    assertThat(batch.recordId()).isNull();
    assertThat(batch.source()).isEqualTo("crm");
    assertThat(batch.actor()).isEqualTo("t");
    assertThat(batch.detail()).containsEntry("count", 2);
    assertThat(batch.detail().get("records"))
        .isEqualTo(
            List.of(
                Map.of("id", "A", "chunks", 2, "contentHash", "h-A"),
                Map.of("id", "B", "chunks", 2, "contentHash", "h-B")));
  }

  @Test
  void should_keep_a_lone_unchanged_delivery_and_other_entries_as_they_are() {
    List<AuditEntry> entries =
        List.of(
            indexed("X"),
            unchanged("crm", "A", "t"),
            unchanged("erp", "A", "t"),
            unchanged("crm", "B", "u"));

    assertThat(UnchangedBatch.merged(entries)).isEqualTo(entries);
  }

  @Test
  void should_not_merge_across_sources_or_actors() {
    List<AuditEntry> merged =
        UnchangedBatch.merged(
            List.of(
                unchanged("crm", "A", "t"),
                unchanged("erp", "A", "t"),
                unchanged("crm", "B", "t"),
                unchanged("erp", "B", "t"),
                unchanged("crm", "C", null),
                unchanged("crm", "D", null)));

    assertThat(merged).extracting(AuditEntry::source).containsExactly("crm", "erp", "crm");
    assertThat(merged).extracting(AuditEntry::actor).containsExactly("t", "t", null);
    assertThat(merged).allSatisfy(e -> assertThat(e.detail()).containsEntry("count", 2));
  }

  @Test
  void should_split_a_long_batch_into_entries_of_at_most_the_maximum() {
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < UnchangedBatch.MAX_RECORDS * 2 + 3; i++) {
      entries.add(unchanged("crm", "R-" + i, "t"));
    }

    List<AuditEntry> merged = UnchangedBatch.merged(entries);

    assertThat(merged)
        .extracting(e -> e.detail().get("count"))
        .containsExactly(UnchangedBatch.MAX_RECORDS, UnchangedBatch.MAX_RECORDS, 3);
    List<Object> ids = new ArrayList<>();
    merged.forEach(
        e ->
            ((List<?>) e.detail().get("records")).forEach(r -> ids.add(((Map<?, ?>) r).get("id"))));
    assertThat(ids)
        .isEqualTo(new ArrayList<Object>(entries.stream().map(AuditEntry::recordId).toList()));
  }
}
