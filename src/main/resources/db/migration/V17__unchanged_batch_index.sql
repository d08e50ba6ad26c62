-- The unchanged deliveries of one append are audited as one entry naming each record in
-- detail->'records' (audit.UnchangedBatch): a replay of unchanged data no longer adds a row per record.
-- A record's history finds those entries by the id inside, through this index; only merged entries
-- (no record_id) are in it.
CREATE INDEX audit_log_unchanged_records ON audit_log USING gin ((detail -> 'records') jsonb_path_ops)
    WHERE action = 'ingest.unchanged' AND record_id IS NULL;
