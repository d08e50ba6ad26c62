-- Retrieval: keyword search, access control and filters inside the SQL, a tamper-evident audit log.

-- Keyword search. 'english' (stemming, stop words) rather than 'simple': queries are natural-language
-- questions ("wings in a slipstream" must match "wing ... slipstream"); redaction placeholders such as
-- <EMAIL> are not words either config would help with.
ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED;
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

-- The record's ACL, copied onto each chunk in the same transaction that writes the chunks (a record's
-- ACL and its chunks change only together), so the HNSW scan filters on the chunk row itself instead of
-- joining records for every candidate. GIN serves the exact (filtered) plans.
ALTER TABLE chunks ADD COLUMN acl text[] NOT NULL DEFAULT '{}';
UPDATE chunks c SET acl = r.acl FROM records r WHERE r.source = c.source AND r.external_id = c.external_id;
CREATE INDEX chunks_acl ON chunks USING gin (acl);
CREATE INDEX chunks_source ON chunks (source);

-- The record's redacted fields, for filters on fields.x (only redacted values are ever stored).
ALTER TABLE records ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';

-- Casts that give NULL instead of failing the whole query when a stored value is not a number/date.
CREATE FUNCTION tributary_numeric(v text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~ '^\s*[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$' THEN v::numeric END
$$;
CREATE FUNCTION tributary_timestamptz(v text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*\d{4}-\d{2}-\d{2}' THEN
        RETURN NULL;
    END IF;
    RETURN v::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;

-- Tamper-evident audit log: entry n stores hash_n = sha256(hash_{n-1} || '\n' || canonical(entry n)),
-- assigned under a lock on the single chain-head row, so concurrent appenders (every ingest transaction
-- and every search) never fork the chain, and entries commit in chain order. The same canonical form
-- is recomputed in Java by GET /v1/audit/verify (io.tributary.audit.AuditChain).
ALTER TABLE audit_log ADD COLUMN chain_seq bigint;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;

CREATE TABLE audit_chain_head (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    chain_seq bigint NOT NULL,
    hash      text NOT NULL
);

CREATE FUNCTION audit_length_prefixed(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN '-' ELSE length(v) || ':' || v END
$$;

CREATE FUNCTION audit_canonical(seq bigint, at timestamptz, actor text, action text, source text,
                                record_id text, detail jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT seq || '|' || (extract(epoch FROM at) * 1000000)::bigint || '|' || audit_length_prefixed(actor)
        || '|' || audit_length_prefixed(action) || '|' || audit_length_prefixed(source)
        || '|' || audit_length_prefixed(record_id) || '|' || detail::text
$$;

CREATE FUNCTION audit_chain_hash(prev text, canonical text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(prev || E'\n' || canonical, 'UTF8')), 'hex')
$$;

-- Existing entries join the chain in id order.
INSERT INTO audit_chain_head (chain_seq, hash) VALUES (0, repeat('0', 64));
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
DO $$
DECLARE
    e    record;
    prev text := repeat('0', 64);
    seq  bigint := 0;
    h    text;
BEGIN
    FOR e IN SELECT * FROM audit_log ORDER BY id LOOP
        seq := seq + 1;
        h := audit_chain_hash(prev, audit_canonical(seq, e.at, e.actor, e.action, e.source, e.record_id, e.detail));
        UPDATE audit_log SET chain_seq = seq, prev_hash = prev, hash = h WHERE id = e.id;
        prev := h;
    END LOOP;
    UPDATE audit_chain_head SET chain_seq = seq, hash = prev;
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_chain_seq ON audit_log (chain_seq);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head audit_chain_head;
BEGIN
    SELECT * INTO head FROM audit_chain_head FOR UPDATE;
    NEW.chain_seq := head.chain_seq + 1;
    NEW.prev_hash := head.hash;
    NEW.hash := audit_chain_hash(head.hash,
        audit_canonical(NEW.chain_seq, NEW.at, NEW.actor, NEW.action, NEW.source, NEW.record_id, NEW.detail));
    UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, hash = NEW.hash;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- The chain head is only ever moved forward by the trigger above.
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.chain_seq <> OLD.chain_seq + 1 THEN
        RAISE EXCEPTION 'audit_chain_head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
