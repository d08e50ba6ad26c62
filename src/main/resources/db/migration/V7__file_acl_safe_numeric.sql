-- The ACL a file was ingested with: a sync re-ingests an unchanged file when its folder's ACL changed,
-- so a narrowed ACL reaches existing chunks.
ALTER TABLE document_files ADD COLUMN acl text NOT NULL DEFAULT '';

-- A stored field like '1e200000' matches the number pattern but overflows numeric: it must give NULL
-- (no match), not fail every range filter on that key.
CREATE OR REPLACE FUNCTION tributary_numeric(v text) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN v::numeric;
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;
