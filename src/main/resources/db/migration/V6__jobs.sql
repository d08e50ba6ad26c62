-- Background jobs (reindex), kept so that their status and result survive a restart. At most one
-- running job of a kind per source: starting a second one violates the partial unique index.
CREATE TABLE jobs (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    source           text NOT NULL,
    status           text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
    actor            text,
    pipeline_version text,
    counts           jsonb NOT NULL DEFAULT '{}',
    needs_resend     text[] NOT NULL DEFAULT '{}',
    error            text,
    started_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE UNIQUE INDEX jobs_one_running_per_source ON jobs (kind, source) WHERE status = 'running';
