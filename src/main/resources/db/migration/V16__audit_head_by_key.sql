-- The chain head is one row, but every append updates it, and where autovacuum does not run (or lags)
-- its dead versions pile up: a whole-table scan of audit_chain_head then reads every page of them, and
-- the planner, which estimates its rows from those pages, took a hash join over the whole audit log
-- for the service's head read (13 ms per append at 10k entries, growing with the log). The trigger
-- now reaches the head through its primary key, as AuditRows and AuditTrail do; nothing else changes.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    head audit_chain_head;
BEGIN
    SELECT * INTO head FROM audit_chain_head WHERE id FOR UPDATE;
    IF NEW.chain_seq IS DISTINCT FROM head.chain_seq + 1 THEN
        RAISE EXCEPTION 'audit entry claims chain position %, the next one is %', NEW.chain_seq, head.chain_seq + 1
            USING ERRCODE = 'serialization_failure';
    END IF;
    NEW.prev_hash := head.hash;
    NEW.hash := audit_chain_hash(head.hash,
        audit_canonical(NEW.chain_seq, NEW.at, NEW.actor, NEW.action, NEW.source, NEW.record_id, NEW.detail));
    UPDATE audit_chain_head SET chain_seq = NEW.chain_seq, hash = NEW.hash WHERE id;
    RETURN NEW;
END;
$$;
