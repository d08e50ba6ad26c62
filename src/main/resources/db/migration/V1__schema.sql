-- Tributary schema. The vector dimension comes from tributary.embedding.dimension.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE sources (
    name       text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per record ever seen. A deleted record keeps its row (status 'deleted') so that a late,
-- older upsert is recognised as stale.
CREATE TABLE records (
    source           text NOT NULL REFERENCES sources (name),
    external_id      text NOT NULL,
    version          bigint,
    status           text NOT NULL CHECK (status IN ('indexed', 'deleted')),
    content_hash     text,
    pipeline_version text,
    acl              text[] NOT NULL DEFAULT '{}',
    redactions       jsonb NOT NULL DEFAULT '{}',
    chunk_count      integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, external_id)
);

CREATE TABLE chunks (
    id          uuid PRIMARY KEY,
    source      text NOT NULL,
    external_id text NOT NULL,
    ordinal     integer NOT NULL CHECK (ordinal >= 0),
    text        text NOT NULL,
    token_count integer NOT NULL,
    embedding   vector(${embedding_dimension}) NOT NULL,
    metadata    jsonb NOT NULL DEFAULT '{}',
    provenance  jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (source, external_id) REFERENCES records (source, external_id) ON DELETE CASCADE,
    UNIQUE (source, external_id, ordinal)
);

CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops);

CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor     text,
    action    text NOT NULL,
    source    text,
    record_id text,
    detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_record ON audit_log (source, record_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

CREATE TABLE dead_letters (
    id          bigserial PRIMARY KEY,
    source      text NOT NULL,
    record_id   text,
    stage       text NOT NULL,
    reason      text NOT NULL,
    error_class text,
    preview     text,
    origin      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolution  text
);
CREATE INDEX dead_letters_source ON dead_letters (source, id);
