-- Issue #16 items 1 and 2: jobs of four types with checkpoints, cron schedules, and records kept so that
-- a reindex needs no re-send.

-- Jobs: typed parameters, a queue state, a checkpoint to resume from, progress for processed/total,
-- rate and ETA, per-record errors, a cancel flag. Which instance runs a job is not stored: the runner
-- holds a PostgreSQL advisory lock on the job while it runs it (store.PgClusterLock), so a job whose
-- lock is free and whose state is 'running' lost its instance and is resumed from its checkpoint.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
UPDATE jobs SET status = 'failed', error = coalesce(error, 'interrupted before jobs could resume')
    WHERE status = 'interrupted';
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
ALTER TABLE jobs ALTER COLUMN source DROP NOT NULL;
ALTER TABLE jobs ALTER COLUMN started_at DROP NOT NULL;
ALTER TABLE jobs ALTER COLUMN started_at DROP DEFAULT;
ALTER TABLE jobs ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN trigger text NOT NULL DEFAULT 'api' CHECK (trigger IN ('api', 'schedule'));
ALTER TABLE jobs ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
UPDATE jobs SET created_at = started_at WHERE started_at IS NOT NULL;
ALTER TABLE jobs ADD COLUMN checkpoint text;
ALTER TABLE jobs ADD COLUMN processed bigint NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN total bigint;
-- Rate and ETA are measured over the current run: processed at its start, and when it started.
ALTER TABLE jobs ADD COLUMN run_processed bigint NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN run_started_at timestamptz;
ALTER TABLE jobs ADD COLUMN errors jsonb NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN resumes integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
UPDATE jobs SET params = jsonb_build_object('type', kind, 'source', source, 'all', false);
-- One queued or running job of a type per source (or for every source, a purge without one).
DROP INDEX jobs_one_running_per_source;
CREATE UNIQUE INDEX jobs_one_active_per_source ON jobs (kind, coalesce(source, ''))
    WHERE status IN ('queued', 'running');
CREATE INDEX jobs_listing ON jobs (status, kind, source, id);

-- A cron schedule fires on every instance; the first instance to record a fire time queues the job.
CREATE TABLE job_schedule_fires (
    schedule text NOT NULL,
    fire_at  timestamptz NOT NULL,
    job_id   bigint,
    PRIMARY KEY (schedule, fire_at)
);

-- The redacted form of each indexed record (never a raw value: the same redacted values the chunks
-- carry), so that a change of template, chunker or model re-renders and re-chunks it without a
-- re-send. fields (V5) already holds its redacted fields; the policy version tells whether the
-- redaction it went through is the current one (if not, only its original can be re-processed).
ALTER TABLE records ADD COLUMN redacted_text text;
ALTER TABLE records ADD COLUMN redacted_metadata jsonb;
ALTER TABLE records ADD COLUMN policy_version text;
ALTER TABLE records ADD COLUMN record_kind text CHECK (record_kind IN ('RECORD', 'DOCUMENT'));
-- The model that embedded a record's chunks, for reembed.
ALTER TABLE records ADD COLUMN embedding_model text;

-- Opt-in encrypted originals of records that came over HTTP and of uploads (tributary.originals.*):
-- AES-256-GCM with a 96-bit random nonce under a key from the environment; the key id is kept so
-- that keys rotate (the first configured key encrypts, every configured key decrypts). The
-- associated data binds a ciphertext to its (source, external_id): a row copied onto another record
-- does not decrypt. Deleted with the record's tombstone.
CREATE TABLE record_originals (
    source      text NOT NULL,
    external_id text NOT NULL,
    key_id      text NOT NULL,
    nonce       bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext  bytea NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, external_id)
);
