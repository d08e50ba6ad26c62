package io.tributary.source.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.config.RecordMapping;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordOp;
import io.tributary.model.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebeziumFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRM_CDC =
      """
      format: debezium
      id: {from: key, fields: [id]}
      version: {from: lsn}
      text-fields: [notes]
      acl: {field: owner_group, constants: [support]}
      metadata: [segment]
      """;

  static RecordMapping mapping(String yaml) throws IOException {
    return RecordMapping.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
  }

  private static Mapped read(String yaml, String key, String value, String topic, long offset)
      throws IOException {
    return new DebeziumFormat(mapping(yaml), JSON, 1 << 20)
        .read(
            "crm-cdc",
            key,
            value == null ? null : value.getBytes(StandardCharsets.UTF_8),
            Origin.kafka(topic, 0, offset));
  }

  private static Mapped read(String key, String value) throws IOException {
    return read(CRM_CDC, key, value, "crm.public.customers", 7);
  }

  private static SourceRecord valid(Mapped m) {
    assertThat(m).isInstanceOf(Mapped.Item.class);
    IngestItem item = ((Mapped.Item) m).item();
    assertThat(item).as(item.toString()).isInstanceOf(IngestItem.Valid.class);
    return ((IngestItem.Valid) item).record();
  }

  private static String malformed(Mapped m) {
    assertThat(m).isInstanceOf(Mapped.Item.class);
    IngestItem item = ((Mapped.Item) m).item();
    assertThat(item).isInstanceOf(IngestItem.Malformed.class);
    return ((IngestItem.Malformed) item).reason();
  }

  @Test
  void createWithSchemaRendersDecimalsAndTimesReadably() throws IOException {
    SourceRecord r =
        valid(
            read(
                Envelopes.key(1),
                Envelopes.wrapped(
                    Envelopes.payload("c", "null", Envelopes.ADA_ROW, 24023128L, 1709300700123L))));
    assertThat(r.key().id()).isEqualTo("1");
    assertThat(r.op()).isEqualTo(RecordOp.UPSERT);
    assertThat(r.version()).isEqualTo(24023128L);
    assertThat(r.fields())
        .containsEntry("balance", "1234.56")
        .containsEntry("since", "2024-03-01")
        .containsEntry("updated_at", "2024-03-01T13:45:00")
        .containsEntry("opens_at", "09:00:00")
        .containsEntry("created_at", "2024-03-01T13:45:00.000000Z")
        .containsEntry("score", "12.345")
        .containsEntry("name", "Ada Lovelace")
        .doesNotContainKeys("notes", "owner_group");
    assertThat(r.text()).isEqualTo("Prefers e-mail. Call her on +44 20 7946 0958.");
    assertThat(r.acl()).containsExactly("support", "sales", "emea");
    assertThat(r.metadata())
        .containsEntry("segment", "enterprise")
        .containsEntry("cdc.table", "public.customers")
        .containsEntry("cdc.lsn", "24023128")
        .containsEntry("cdc.op", "c");
    assertThat(r.origin().topic()).isEqualTo("crm.public.customers");
  }

  @Test
  void withoutSchemaNumbersStayAsTheyArriveUnlessTypesNameThem() throws IOException {
    String value = Envelopes.payload("u", "null", Envelopes.ADA_ROW, 24023200L, 1709300700123L);
    SourceRecord plain = valid(read(Envelopes.bareKey(1), value));
    assertThat(plain.fields())
        .containsEntry("since", "19783")
        .containsEntry("balance", "AeJA")
        .containsEntry("score", "12.345") // the shape {scale, value} is unambiguous
        .containsEntry("updated_at", "1709300700000000");
    SourceRecord typed =
        valid(
            read(
                CRM_CDC
                    + "types: {since: date, balance: 'decimal:2', updated_at: timestamp-micros}\n",
                Envelopes.bareKey(1),
                value,
                "crm.public.customers",
                8));
    assertThat(typed.fields())
        .containsEntry("since", "2024-03-01")
        .containsEntry("balance", "1234.56")
        .containsEntry("updated_at", "2024-03-01T13:45:00");
    assertThat(typed.metadata()).containsEntry("cdc.op", "u");
  }

  @Test
  void deleteAndTombstoneDelete() throws IOException {
    SourceRecord d =
        valid(
            read(
                Envelopes.key(1),
                Envelopes.wrapped(
                    Envelopes.payload("d", Envelopes.ADA_ROW, "null", 24023300L, 1709300800000L))));
    assertThat(d.op()).isEqualTo(RecordOp.DELETE);
    assertThat(d.key().id()).isEqualTo("1");
    assertThat(d.version()).isEqualTo(24023300L);

    SourceRecord tombstone = valid(read(Envelopes.key(1), null));
    assertThat(tombstone.op()).isEqualTo(RecordOp.DELETE);
    assertThat(tombstone.key().id()).isEqualTo("1");
    assertThat(tombstone.version()).isNull();
  }

  @Test
  void deleteWithIdFromValueReadsBefore() throws IOException {
    SourceRecord d =
        valid(
            read(
                "format: debezium\nid: {from: value, fields: [segment, id]}\n",
                null,
                Envelopes.payload("d", Envelopes.ADA_ROW, "null", 24023300L, 1709300800000L),
                "crm.public.customers",
                3));
    assertThat(d.key().id()).isEqualTo("enterprise:1");
    assertThat(d.op()).isEqualTo(RecordOp.DELETE);
  }

  @Test
  void snapshotReadUpserts() throws IOException {
    SourceRecord r =
        valid(
            read(
                Envelopes.bareKey(1),
                Envelopes.payload("r", "null", Envelopes.ADA_ROW, 24000000L, 1709300000000L)));
    assertThat(r.op()).isEqualTo(RecordOp.UPSERT);
    assertThat(r.version()).isEqualTo(24000000L);
    assertThat(r.metadata()).containsEntry("cdc.op", "r");
  }

  @Test
  void tsMsVersionBreaksTiesByOffset() throws IOException {
    String yaml = "format: debezium\nid: {fields: [id]}\nversion: {from: ts_ms}\n";
    String value = Envelopes.payload("u", "null", Envelopes.ADA_ROW, 1L, 1709300700123L);
    long first = valid(read(yaml, Envelopes.bareKey(1), value, "t", 41)).version();
    long second = valid(read(yaml, Envelopes.bareKey(1), value, "t", 42)).version();
    assertThat(first).isEqualTo(1709300700123L * 1_000_000L + 41);
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void versionFromAField() throws IOException {
    String yaml = "format: debezium\nid: {fields: [id]}\nversion: {from: 'field:since'}\n";
    String value = Envelopes.payload("u", "null", Envelopes.ADA_ROW, 1L, 1L);
    assertThat(valid(read(yaml, Envelopes.bareKey(1), value, "t", 1)).version()).isEqualTo(19783L);
  }

  @Test
  void heartbeatsSchemaChangesTransactionsAndTruncatesAreSkipped() throws IOException {
    assertThat(
            read(
                CRM_CDC,
                "{\"serverName\":\"crm\"}",
                "{\"ts_ms\":1709300700123}",
                "__debezium-heartbeat.crm",
                0))
        .isEqualTo(new Mapped.Skipped("heartbeat"));
    // a heartbeat routed to a table topic, with the schema wrapper
    assertThat(
            read(
                Envelopes.bareKey(1),
                "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\","
                    + "\"optional\":false,\"field\":\"ts_ms\"}],\"optional\":false,"
                    + "\"name\":\"io.debezium.connector.common.Heartbeat\"},"
                    + "\"payload\":{\"ts_ms\":1709300700123}}"))
        .isEqualTo(new Mapped.Skipped("heartbeat"));
    String schemaChange =
        """
        {"source":{"version":"2.7.3.Final","connector":"mysql","name":"crm","ts_ms":1,
          "snapshot":"false","db":"crm","table":"customers"},
         "databaseName":"crm","schemaName":null,
         "ddl":"ALTER TABLE customers ADD COLUMN tier VARCHAR(10)",
         "tableChanges":[{"type":"ALTER","id":"\\"crm\\".\\"customers\\"","table":{}}]}
        """;
    assertThat(read(null, schemaChange)).isEqualTo(new Mapped.Skipped("schema-change"));
    String begin =
        """
        {"status":"BEGIN","id":"571:53195829","ts_ms":1709300700123,"event_count":null,
         "data_collections":null}
        """;
    assertThat(read("{\"id\":\"571:53195829\"}", begin))
        .isEqualTo(new Mapped.Skipped("transaction"));
    assertThat(
            read(
                null,
                "{\"before\":null,\"after\":null,\"source\":"
                    + Envelopes.source(5, 5, "false")
                    + ",\"op\":\"t\",\"ts_ms\":5}"))
        .isEqualTo(new Mapped.Skipped("truncate"));
  }

  @Test
  void missingIdNamesSourceFormatAndKeyButNoValue() throws IOException {
    String value = Envelopes.payload("c", "null", Envelopes.ADA_ROW, 5, 5);
    String reason = malformed(read("{\"customer_no\":1}", value));
    assertThat(reason)
        .isEqualTo("source crm-cdc, format debezium: no id field 'id' in the message key");
    String fromValue =
        malformed(
            read(
                "format: debezium\nid: {from: value, fields: [customer_no]}\n",
                null,
                value,
                "t",
                1));
    assertThat(fromValue)
        .isEqualTo("source crm-cdc, format debezium: no id field 'customer_no' in 'after'");
    assertThat(malformed(read(null, value))).contains("no message key");
  }

  @Test
  void valuesNotOfTheFormatAreMalformedWithoutTheirValues() throws IOException {
    assertThat(malformed(read(Envelopes.bareKey(1), "not json at all 123-45-6789")))
        .isEqualTo("source crm-cdc, format debezium: value is not JSON");
    assertThat(malformed(read(Envelopes.bareKey(1), "[1,2]")))
        .isEqualTo("source crm-cdc, format debezium: value is not a JSON object");
    String noOp = "{\"id\":1,\"name\":\"Ada\",\"ssn\":\"123-45-6789\"}";
    String reason = malformed(read(Envelopes.bareKey(1), noOp));
    assertThat(reason).isEqualTo("source crm-cdc, format debezium: no 'op' in the value");
    assertThat(
            malformed(
                read(
                    Envelopes.bareKey(1),
                    "{\"before\":null,\"after\":null,\"op\":\"c\",\"source\":{\"lsn\":1}}")))
        .isEqualTo("source crm-cdc, format debezium: no 'after' row in the value (op 'c')");
    assertThat(
            malformed(
                read(
                    Envelopes.bareKey(1),
                    "{\"after\":{\"id\":1,\"name\":\"x\"},\"op\":\"c\",\"source\":{}}")))
        .isEqualTo("source crm-cdc, format debezium: no 'source.lsn' in the value (version.from)");
    assertThat(malformed(read(Envelopes.bareKey(1), "{\"op\":\"x\",\"after\":{}}")))
        .contains("'op' is not one of");
  }

  @Test
  void aBadlyEncodedDecimalNamesTheFieldNotTheValue() throws IOException {
    String row = Envelopes.ADA_ROW.replace("\"AeJA\"", "\"%%%secret%%%\"");
    String reason =
        malformed(
            read(Envelopes.key(1), Envelopes.wrapped(Envelopes.payload("c", "null", row, 5, 5))));
    assertThat(reason)
        .isEqualTo(
            "source crm-cdc, format debezium: field 'balance' is not a valid"
                + " org.apache.kafka.connect.data.Decimal value")
        .doesNotContain("secret");
  }

  @Test
  void anOversizeMessageIsMalformed() throws IOException {
    String value = Envelopes.payload("c", "null", Envelopes.ADA_ROW, 5, 5);
    Mapped m =
        new DebeziumFormat(mapping(CRM_CDC), JSON, 100)
            .read(
                "crm-cdc",
                Envelopes.bareKey(1),
                value.getBytes(StandardCharsets.UTF_8),
                Origin.kafka("t", 0, 1));
    assertThat(malformed(m)).contains("over the limit of 100");
  }

  @Test
  void compositeKeyJoinsWithColons() throws IOException {
    SourceRecord r =
        valid(
            read(
                "format: debezium\nid: {from: key, fields: [region, id]}\n",
                "{\"region\":\"eu\",\"id\":42}",
                Envelopes.payload("c", "null", Envelopes.ADA_ROW, 5, 5),
                "t",
                1));
    assertThat(r.key().id()).isEqualTo("eu:42");
    assertThat(List.of(r.op())).containsExactly(RecordOp.UPSERT);
  }
}
