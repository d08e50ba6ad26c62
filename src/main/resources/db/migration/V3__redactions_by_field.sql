-- Redaction counts per field and entity type (never values), for GET /v1/sources/{s}/records/{id}.
ALTER TABLE records ADD COLUMN redactions_by_field jsonb NOT NULL DEFAULT '{}';
