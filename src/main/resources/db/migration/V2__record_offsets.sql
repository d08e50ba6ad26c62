-- Where the last applied delivery of a record came from. For records without a version, the Kafka
-- offset order decides: a re-delivered older offset of the same partition is stale, so a replay from
-- offset 0 re-embeds nothing.
ALTER TABLE records ADD COLUMN origin_topic text;
ALTER TABLE records ADD COLUMN origin_partition integer;
ALTER TABLE records ADD COLUMN origin_offset bigint;

-- A Kafka message is dead-lettered once, however often it is re-delivered.
ALTER TABLE dead_letters ADD COLUMN origin_topic text;
ALTER TABLE dead_letters ADD COLUMN origin_partition integer;
ALTER TABLE dead_letters ADD COLUMN origin_offset bigint;
CREATE UNIQUE INDEX dead_letters_kafka_origin ON dead_letters (origin_topic, origin_partition, origin_offset)
    WHERE origin_offset IS NOT NULL AND resolved_at IS NULL;
