-- Embedding generations (docs/retrieval.md#generations): every model's vectors of the chunks live in a
-- generation; search serves the one that embedding_serving names (one row, one UPDATE switches), while a
-- new model's generation is built beside it. Generation 1 is the historical chunks.embedding column; later
-- generations have their own table chunk_vectors_<id> (vector of the model's dimension, HNSW index).
CREATE TABLE embedding_generations (
    id               integer PRIMARY KEY CHECK (id >= 1),
    model_id         text NOT NULL,
    dimension        integer NOT NULL CHECK (dimension BETWEEN 1 AND 16000),
    state            text NOT NULL CHECK (state IN ('building', 'ready', 'active', 'retired', 'dropped', 'failed')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    built_at         timestamptz,
    activated_at     timestamptz,
    retired_at       timestamptz,
    dropped_at       timestamptz,
    vectors_reused   bigint NOT NULL DEFAULT 0,
    vectors_computed bigint NOT NULL DEFAULT 0,
    error            text
);
-- At most one live generation per model: the writer and the search find a model's vectors by its id.
CREATE UNIQUE INDEX embedding_generations_live_model ON embedding_generations (model_id)
    WHERE state IN ('building', 'ready', 'active', 'retired');

CREATE TABLE embedding_serving (
    one           boolean PRIMARY KEY DEFAULT true CHECK (one),
    generation_id integer NOT NULL REFERENCES embedding_generations (id),
    previous_id   integer REFERENCES embedding_generations (id),
    switched_at   timestamptz NOT NULL DEFAULT now()
);

-- Embedding cache: a chunk text already embedded by a model is never embedded by it again.
CREATE TABLE embedding_cache (
    model_id    text NOT NULL,
    text_sha256 bytea NOT NULL CHECK (length(text_sha256) = 32),
    embedding   vector NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_id, text_sha256)
);

-- A chunk written while another model's generation serves has no generation-1 vector until it is caught up.
ALTER TABLE chunks ALTER COLUMN embedding DROP NOT NULL;

-- DDL for the application role, which may not create tables itself: only these two shapes, named by an
-- integer, so no caller text reaches the statements.
CREATE FUNCTION generation_table_create(generation integer, dim integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    IF generation < 2 OR dim < 1 OR dim > 16000 THEN
        RAISE EXCEPTION 'generation % of dimension % cannot have a table', generation, dim
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS chunk_vectors_%s (chunk_id uuid PRIMARY KEY REFERENCES chunks (id)'
                   ' ON DELETE CASCADE, embedding vector(%s) NOT NULL)', generation, dim);
    EXECUTE format('CREATE INDEX IF NOT EXISTS chunk_vectors_%s_hnsw ON chunk_vectors_%s'
                   ' USING hnsw (embedding vector_cosine_ops)', generation, generation);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON chunk_vectors_%s TO ${app_role}', generation);
END $$;

CREATE FUNCTION generation_table_drop(generation integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
BEGIN
    IF generation < 2 THEN
        RAISE EXCEPTION 'generation % has no table', generation USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS chunk_vectors_%s', generation);
END $$;

REVOKE ALL ON FUNCTION generation_table_create(integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION generation_table_drop(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION generation_table_create(integer, integer) TO ${app_role};
GRANT EXECUTE ON FUNCTION generation_table_drop(integer) TO ${app_role};
