-- An audit trail the application cannot rewrite (issue #13 item 6).
--
-- Two roles: this migration runs as the OWNER (quarkus.flyway.username), which owns every table; the
-- service connects as the APPLICATION role ${app_role} (quarkus.datasource.username), which may change
-- the data of every table except the audit tables, and may only INSERT and SELECT audit_log. Not being
-- the owner, it can neither disable a trigger nor alter a table. Each entry carries an HMAC-SHA256
-- computed by the service with a key that never reaches the database (tributary.audit.hmac-keys), over
-- the entry's content, its chain position and the previous entry's MAC: whoever holds the database's
-- credentials, the owner's included, can rewrite rows and re-chain the SHA-256 hashes, but cannot
-- forge the MACs, so GET /v1/audit/verify names the first rewritten, inserted, removed or moved entry.

DO $$
BEGIN
    IF '${app_role}' !~ '^[a-z_][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'the application role name % is not a plain lower-case identifier', '${app_role}';
    END IF;
    IF '${app_role}' = current_user THEN
        RAISE EXCEPTION 'the service must not connect as the schema owner %: TRIBUTARY_DB_USER names the application role, TRIBUTARY_DB_OWNER the owner (docs/operations.md)', current_user;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_role}') THEN
        RAISE EXCEPTION 'the application role % does not exist: scripts/services.sh up creates it (docs/operations.md)', '${app_role}';
    END IF;
END;
$$;

-- The key that signed an entry and its MAC. Entries written before this migration have neither; the
-- first keyed entry's MAC covers the last unkeyed entry's SHA-256 hash, which pins them all.
ALTER TABLE audit_log ADD COLUMN key_id text;
ALTER TABLE audit_log ADD COLUMN mac text;
-- NOT VALID: enforced for every new row, not checked against the unkeyed ones.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_keyed CHECK (key_id IS NOT NULL AND mac IS NOT NULL) NOT VALID;

-- The service assigns the chain position (under pg_advisory_xact_lock, see io.tributary.audit.AuditRows)
-- because its MAC covers it; the trigger still computes the SHA-256 chain and refuses any other position.
-- SECURITY DEFINER: the trigger moves the chain head as the owner, so the application role needs no
-- UPDATE on audit_chain_head.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    head audit_chain_head;
BEGIN
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    IF NEW.chain_seq IS DISTINCT FROM head.chain_seq + 1 THEN
        RAISE EXCEPTION 'audit entry claims chain position %, the next one is %', NEW.chain_seq, head.chain_seq + 1
            USING ERRCODE = 'serialization_failure';
    END IF;
    NEW.prev_hash := head.hash;
    NEW.hash := audit_chain_hash(head.hash,
        audit_canonical(NEW.chain_seq, NEW.at, NEW.actor, NEW.action, NEW.source, NEW.record_id, NEW.detail));
    UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, hash = NEW.hash;
    RETURN NEW;
END;
$$;

-- Where incremental verification resumes: the last verified entry's position and MAC, signed by the
-- service (mac = HMAC over position and entry MAC). The application role writes it; a row it did not
-- sign, or one that names an entry that is no longer there unchanged, is not trusted.
CREATE TABLE audit_verify_checkpoint (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    chain_seq   bigint NOT NULL,
    entry_mac   text NOT NULL,
    key_id      text NOT NULL,
    mac         text NOT NULL,
    verified_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The application role's rights. Every table: its data; the audit tables: append and read only; the
-- migration history: nothing.
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${flyway:defaultSchema} TO ${app_role};
REVOKE ALL ON audit_log, audit_chain_head, ${flyway:defaultSchema}."${flyway:table}" FROM ${app_role};
GRANT SELECT, INSERT ON audit_log TO ${app_role};
GRANT SELECT ON audit_chain_head TO ${app_role};
REVOKE DELETE ON audit_verify_checkpoint FROM ${app_role};

-- Tables and sequences that later migrations create get the same data rights. A later migration that
-- adds an audit table must REVOKE UPDATE, DELETE (and TRUNCATE, never granted) on it, as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT USAGE, SELECT ON SEQUENCES TO ${app_role};
