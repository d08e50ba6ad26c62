package io.tributary.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordReaderTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final RecordReader reader = new RecordReader(2_000);

  IngestItem parse(String json) throws Exception {
    return reader.read("crm", JSON.readTree(json), Origin.http());
  }

  @Test
  void should_read_a_full_record_and_flatten_nested_fields() throws Exception {
    IngestItem item =
        parse(
            """
            {"id":"C-1","version":3,"op":"upsert","fields":{"name":"Ada","address":{"city":"London"},"tags":["a","b"],
                       "none":null},
             "text":"hello","acl":["sales"],"metadata":{"region":"emea"}}\
            """);
    assertThat(item).isInstanceOf(IngestItem.Valid.class);
    SourceRecord r = ((IngestItem.Valid) item).record();
    assertThat(r.key().id()).isEqualTo("C-1");
    assertThat(r.version()).isEqualTo(3L);
    assertThat(r.op()).isEqualTo(RecordOp.UPSERT);
    assertThat(r.fields())
        .containsExactly(
            java.util.Map.entry("name", "Ada"),
            java.util.Map.entry("address.city", "London"),
            java.util.Map.entry("tags", "a, b"));
    assertThat(r.acl()).containsExactly("sales");
    assertThat(r.metadata()).containsEntry("region", "emea");
  }

  @Test
  void should_accept_a_delete_without_fields_or_text() throws Exception {
    IngestItem item = parse("{\"id\":\"C-1\",\"op\":\"delete\"}");
    assertThat(((IngestItem.Valid) item).record().op()).isEqualTo(RecordOp.DELETE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"text\":\"x\"}|id is required and must be a string",
        "{\"id\":\"\",\"text\":\"x\"}|id must be 1..512 characters",
        "{\"id\":\"C\",\"version\":-1,\"text\":\"x\"}|version must be a non-negative integer",
        "{\"id\":\"C\",\"version\":1.5,\"text\":\"x\"}|version must be a non-negative integer",
        "{\"id\":\"C\",\"op\":\"merge\",\"text\":\"x\"}|op must be \"upsert\" or \"delete\"",
        "{\"id\":\"C\",\"text\":\"  \"}|an upsert needs non-empty fields or text",
        "{\"id\":\"C\",\"fields\":[1]}|fields must be a JSON object",
        "{\"id\":\"C\",\"text\":\"x\",\"acl\":\"sales\"}|acl must be an array of strings",
        "{\"id\":\"C\",\"text\":\"x\",\"colour\":\"red\"}|unknown property 'colour'",
        "[1,2]|a record must be a JSON object"
      })
  void should_reject_a_malformed_record_with_a_reason_that_names_no_value(
      String json, String reason) throws Exception {
    IngestItem item = parse(json);
    assertThat(item).isInstanceOf(IngestItem.Malformed.class);
    assertThat(((IngestItem.Malformed) item).reason()).isEqualTo(reason);
  }

  @Test
  void should_reject_a_record_over_the_size_limit_keeping_its_id() throws Exception {
    IngestItem item = parse("{\"id\":\"BIG\",\"text\":\"" + "x".repeat(3_000) + "\"}");
    assertThat(item).isInstanceOf(IngestItem.Malformed.class);
    assertThat(item.id()).isEqualTo("BIG");
    assertThat(((IngestItem.Malformed) item).reason()).contains("over the limit of 2000");
  }
}
