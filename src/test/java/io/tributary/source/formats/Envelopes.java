package io.tributary.source.formats;

/**
 * Debezium PostgreSQL change events as the connector writes them (Debezium 2.x, {@code pgoutput}):
 * the Connect schema wrapper of {@code JsonConverter} with {@code schemas.enable=true}, or the bare
 * payload.
 */
final class Envelopes {

  private Envelopes() {}

  /** The row schema of {@code crm.public.customers}, as {@code before} and {@code after}. */
  static String rowSchema(String field) {
    return """
    {"type":"struct","fields":[
      {"type":"int32","optional":false,"default":0,"field":"id"},
      {"type":"string","optional":true,"field":"name"},
      {"type":"string","optional":true,"field":"notes"},
      {"type":"string","optional":true,"field":"email"},
      {"type":"string","optional":true,"field":"ssn"},
      {"type":"string","optional":true,"field":"owner_group"},
      {"type":"string","optional":true,"field":"segment"},
      {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal",
       "version":1,"parameters":{"scale":"2","connect.decimal.precision":"12"},
       "field":"balance"},
      {"type":"int32","optional":true,"name":"io.debezium.time.Date","version":1,
       "field":"since"},
      {"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1,
       "field":"updated_at"},
      {"type":"int64","optional":true,"name":"io.debezium.time.MicroTime","version":1,
       "field":"opens_at"},
      {"type":"string","optional":true,"name":"io.debezium.time.ZonedTimestamp","version":1,
       "field":"created_at"},
      {"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},
        {"type":"bytes","optional":false,"field":"value"}],"optional":true,
       "name":"io.debezium.data.VariableScaleDecimal","version":1,
       "doc":"Variable scaled decimal","field":"score"}
    ],"optional":true,"name":"crm.public.customers.Value","field":"%s"}
    """
        .formatted(field);
  }

  static final String SOURCE_SCHEMA =
      """
      {"type":"struct","fields":[
        {"type":"string","optional":false,"field":"version"},
        {"type":"string","optional":false,"field":"connector"},
        {"type":"string","optional":false,"field":"name"},
        {"type":"int64","optional":false,"field":"ts_ms"},
        {"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,
         "parameters":{"allowed":"true,last,false,incremental"},"default":"false",
         "field":"snapshot"},
        {"type":"string","optional":false,"field":"db"},
        {"type":"string","optional":true,"field":"sequence"},
        {"type":"string","optional":false,"field":"schema"},
        {"type":"string","optional":false,"field":"table"},
        {"type":"int64","optional":true,"field":"txId"},
        {"type":"int64","optional":true,"field":"lsn"},
        {"type":"int64","optional":true,"field":"xmin"}
      ],"optional":false,"name":"io.debezium.connector.postgresql.Source","field":"source"}
      """;

  static final String ENVELOPE_SCHEMA =
      """
      {"type":"struct","fields":[%s,%s,%s,
        {"type":"string","optional":false,"field":"op"},
        {"type":"int64","optional":true,"field":"ts_ms"},
        {"type":"struct","fields":[{"type":"string","optional":false,"field":"id"},
          {"type":"int64","optional":false,"field":"total_order"},
          {"type":"int64","optional":false,"field":"data_collection_order"}],
         "optional":true,"name":"event.block","version":1,"field":"transaction"}
      ],"optional":false,"name":"crm.public.customers.Envelope","version":2}
      """
          .formatted(rowSchema("before"), rowSchema("after"), SOURCE_SCHEMA);

  /** Ada's row: balance 1234.56, since 2024-03-01, updated 2024-03-01T13:45, score 12.345. */
  static final String ADA_ROW =
      """
      {"id":1,"name":"Ada Lovelace","notes":"Prefers e-mail. Call her on +44 20 7946 0958.",
       "email":"ada@example.com","ssn":"123-45-6789","owner_group":"sales, emea",
       "segment":"enterprise","balance":"AeJA","since":19783,"updated_at":1709300700000000,
       "opens_at":32400000000,"created_at":"2024-03-01T13:45:00.000000Z",
       "score":{"scale":3,"value":"MDk="}}
      """;

  static String source(long lsn, long tsMs, String snapshot) {
    return """
    {"version":"2.7.3.Final","connector":"postgresql","name":"crm","ts_ms":%d,
     "snapshot":"%s","db":"crm","sequence":"[\\"%d\\",\\"%d\\"]","schema":"public",
     "table":"customers","txId":771,"lsn":%d,"xmin":null}
    """
        .formatted(tsMs, snapshot, lsn, lsn, lsn);
  }

  /** A bare payload (no schema wrapper). */
  static String payload(String op, String before, String after, long lsn, long tsMs) {
    return """
    {"before":%s,"after":%s,"source":%s,"op":"%s","ts_ms":%d,"transaction":null}
    """
        .formatted(
            before, after, source(lsn, tsMs, op.equals("r") ? "true" : "false"), op, tsMs + 5);
  }

  /** The event with {@code schemas.enable=true}. */
  static String wrapped(String payload) {
    return "{\"schema\":" + ENVELOPE_SCHEMA + ",\"payload\":" + payload + "}";
  }

  /** The message key of row {@code id}, with the key schema. */
  static String key(int id) {
    return """
    {"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"default":0,
     "field":"id"}],"optional":false,"name":"crm.public.customers.Key"},"payload":{"id":%d}}
    """
        .formatted(id);
  }

  static String bareKey(int id) {
    return "{\"id\":" + id + "}";
  }
}
