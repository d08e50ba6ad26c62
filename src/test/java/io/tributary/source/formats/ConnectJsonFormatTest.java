package io.tributary.source.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectJsonFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JDBC source connector's row with {@code schemas.enable=true}. */
  private static final String WITH_SCHEMA =
      """
      {"schema":{"type":"struct","optional":false,"name":"orders","fields":[
         {"type":"int64","optional":false,"field":"order_id"},
         {"type":"string","optional":true,"field":"comment"},
         {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",
          "version":1,"parameters":{"scale":"2"},"field":"total"},
         {"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp",
          "version":1,"field":"placed_at"},
         {"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Date",
          "version":1,"field":"due"},
         {"type":"int64","optional":true,"field":"rev"}]},
       "payload":{"order_id":77,"comment":"Deliver to the back door.","total":"/2o=",
                  "placed_at":1709300700000,"due":19783,"rev":4}}
      """;

  private static Mapped read(String yaml, boolean unwrap, String key, String value)
      throws IOException {
    return new ConnectJsonFormat(DebeziumFormatTest.mapping(yaml), JSON, 1 << 20, unwrap)
        .read(
            "orders",
            key,
            value == null ? null : value.getBytes(StandardCharsets.UTF_8),
            Origin.kafka("erp.orders", 0, 1));
  }

  private static SourceRecord valid(Mapped m) {
    IngestItem item = ((Mapped.Item) m).item();
    assertThat(item).as(item.toString()).isInstanceOf(IngestItem.Valid.class);
    return ((IngestItem.Valid) item).record();
  }

  private static String reason(Mapped m) {
    IngestItem item = ((Mapped.Item) m).item();
    assertThat(item).isInstanceOf(IngestItem.Malformed.class);
    return ((IngestItem.Malformed) item).reason();
  }

  @Test
  void connectJsonWithSchemasDecodesLogicalTypes() throws IOException {
    SourceRecord r =
        valid(
            read(
                "format: connect-json\nid: {from: value, fields: [order_id]}\n"
                    + "version: {from: 'field:rev'}\ntext: [comment]\n",
                true,
                null,
                WITH_SCHEMA));
    assertThat(r.key().id()).isEqualTo("77");
    assertThat(r.version()).isEqualTo(4L);
    assertThat(r.text()).isEqualTo("Deliver to the back door.");
    assertThat(r.fields())
        .containsEntry("total", "-1.50")
        .containsEntry("placed_at", "2024-03-01T13:45:00")
        .containsEntry("due", "2024-03-01")
        .doesNotContainKey("comment");
  }

  @Test
  void connectJsonWithoutSchemasAndAPlainStringKey() throws IOException {
    SourceRecord r =
        valid(
            read(
                "format: connect-json\n",
                true,
                "ORD-77",
                "{\"order_id\":77,\"comment\":\"Leave at reception.\",\"total\":12.5}"));
    assertThat(r.key().id()).isEqualTo("ORD-77");
    assertThat(r.fields())
        .containsEntry("total", "12.5")
        .containsEntry("comment", "Leave at reception.");
  }

  @Test
  void jsonTakesTheObjectAsIsAndATombstoneDeletes() throws IOException {
    SourceRecord r =
        valid(
            read(
                "format: json\nid: {from: key, fields: [id]}\nacl: {constants: [ops]}\n",
                false,
                "{\"id\":\"T-1\"}",
                "{\"schema\":\"v2\",\"payload\":{\"a\":1},\"address\":{\"city\":\"Oslo\"}}"));
    assertThat(r.key().id()).isEqualTo("T-1");
    assertThat(r.fields())
        .containsEntry("schema", "v2")
        .containsEntry("payload.a", "1")
        .containsEntry("address.city", "Oslo");
    assertThat(r.acl()).containsExactly("ops");
    SourceRecord deleted = valid(read("format: json\n", false, "T-1", null));
    assertThat(deleted.op()).isEqualTo(RecordOp.DELETE);
    assertThat(deleted.key().id()).isEqualTo("T-1");
  }

  @Test
  void counterExamplesNameSourceFormatAndKey() throws IOException {
    String yaml = "format: connect-json\nid: {from: value, fields: [order_id]}\n";
    assertThat(reason(read(yaml, true, null, "{\"comment\":\"x\"}")))
        .isEqualTo("source orders, format connect-json: no id field 'order_id' in the value");
    assertThat(reason(read(yaml, true, null, "\"just a string\"")))
        .isEqualTo("source orders, format connect-json: value is not a JSON object");
    assertThat(reason(read("format: json\n", false, null, "{\"a\":1}")))
        .isEqualTo("source orders, format json: no message key (id.from: key)");
    assertThat(
            reason(read("format: json\nversion: {from: 'field:rev'}\n", false, "k", "{\"a\":1}")))
        .isEqualTo(
            "source orders, format json: version field 'rev' is missing or not a non-negative"
                + " integer");
    assertThat(reason(read("format: json\n", false, "k", "{}")))
        .isEqualTo("source orders, format json: the row has no fields and no text");
  }
}
