-- Documents: where a record's last delivery came from beyond Kafka (an upload's file name, a
-- directory source's file path), so that a reindex can re-read files.
ALTER TABLE records ADD COLUMN origin_transport text;
ALTER TABLE records ADD COLUMN origin_path text;

-- Directory sources: what the last sync saw of each file. A file whose size and mtime are unchanged
-- is skipped without reading it; one whose content hash is unchanged is skipped without parsing.
-- A row without a content_hash is a file the sync found but has not finished (resumable).
CREATE TABLE document_files (
    source       text NOT NULL,
    path         text NOT NULL,
    document_id  text NOT NULL,
    size_bytes   bigint NOT NULL,
    modified_at  timestamptz NOT NULL,
    content_hash text,
    status       text NOT NULL DEFAULT 'pending',
    reason       text,
    synced_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, path)
);
