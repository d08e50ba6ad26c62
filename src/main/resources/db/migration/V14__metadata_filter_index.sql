-- Selective metadata filters (docs/retrieval.md#filters): FilterSql compiles metadata equality and lists to
-- jsonb containment (metadata @> '{"key": "value"}'), which this index answers. With it the planner finds a
-- 1% filter's rows from the index and ranks them exactly instead of walking the HNSW graph past ~100
-- candidates per row that passes. jsonb_path_ops: smaller than the default opclass, and @> is all we ask of it.
-- Stored metadata values are always JSON strings (SourceRecord.metadata is a Map<String, String>), so
-- containment and the former (metadata ->> key) = value select the same rows.
CREATE INDEX chunks_metadata ON chunks USING gin (metadata jsonb_path_ops);
