package io.tributary.source.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.RecordMapping;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import java.io.IOException;
import java.util.List;

/**
 * Coverage-guided fuzzing of the untrusted-input readers of {@code format: debezium}, {@code
 * connect-json} and {@code json}: any key and value bytes give a record, a malformed item or a
 * skip, never an exception (which would make the whole batch a dead letter).
 */
class MessageFormatFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<MessageFormat> FORMATS = formats();

  private static List<MessageFormat> formats() {
    try {
      RecordMapping debezium =
          DebeziumFormatTest.mapping(
              "format: debezium\nid: {from: key, fields: [id]}\ntext: [notes]\n"
                  + "acl: {field: owner_group}\nmetadata: [segment]\n"
                  + "types: {since: date, balance: 'decimal:2', at: timestamp-nanos}\n");
      RecordMapping byValue =
          DebeziumFormatTest.mapping(
              "format: debezium\nid: {from: value, fields: [id, region]}\n"
                  + "version: {from: ts_ms}\n");
      RecordMapping connect =
          DebeziumFormatTest.mapping(
              "format: connect-json\nid: {from: value, fields: [id]}\n"
                  + "version: {from: 'field:rev'}\n");
      RecordMapping json = DebeziumFormatTest.mapping("format: json\n");
      return List.of(
          new DebeziumFormat(debezium, JSON, 4_000),
          new DebeziumFormat(byValue, JSON, 4_000),
          new ConnectJsonFormat(connect, JSON, 4_000, true),
          new ConnectJsonFormat(json, JSON, 4_000, false));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "15s")
  void any_message_is_a_record_a_dead_letter_or_a_skip(FuzzedDataProvider data) {
    MessageFormat format = FORMATS.get(data.consumeInt(0, FORMATS.size() - 1));
    String key = data.consumeBoolean() ? null : data.consumeString(200);
    byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
    Mapped m = format.read("crm-cdc", key, value, Origin.kafka("crm.public.customers", 0, 42));
    assertThat(m).isNotNull();
    if (m instanceof Mapped.Item item) {
      assertThat(item.item()).isInstanceOfAny(IngestItem.Valid.class, IngestItem.Malformed.class);
      if (item.item() instanceof IngestItem.Malformed bad) {
        assertThat(bad.reason()).startsWith("source crm-cdc, format ");
      }
    }
  }
}
