-- API keys for services (issue #13). The secret is never stored: only its SHA-256 (a 256-bit random
-- secret needs no salt or slow hash). A key is never deleted, only revoked, so that audit entries
-- naming key:<id> keep meaning something.
CREATE TABLE api_keys (
    id             text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    secret_sha256  text NOT NULL CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
    roles          text[] NOT NULL,
    groups         text[] NOT NULL DEFAULT '{}',
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    last_used_at   timestamptz
);
