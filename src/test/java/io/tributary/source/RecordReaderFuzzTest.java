package io.tributary.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;

/**
 * Coverage-guided fuzzing of the record reader: any JSON value is either a valid record or a
 * malformed one, never an exception (a throw would fail the whole batch, not one record).
 */
class RecordReaderFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordReader reader = new RecordReader(2_000);

  @FuzzTest(maxDuration = "15s")
  void any_json_is_valid_or_malformed(FuzzedDataProvider data) {
    String json = data.consumeRemainingAsString();
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return; // not JSON: the sources reject it before the reader
    }
    if (node == null) {
      return;
    }
    IngestItem item = reader.read("crm", node, Origin.http());
    assertThat(item).isInstanceOfAny(IngestItem.Valid.class, IngestItem.Malformed.class);
  }
}
