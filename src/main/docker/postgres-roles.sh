#!/bin/bash
# PostgreSQL init for docker-compose.yml (docker-entrypoint-initdb.d): the database and the two roles
# of docs/operations.md, as scripts/services.sh creates them natively. The owner owns the schema and
# runs the migrations; the service connects as tributary_app (migration V8 grants its rights).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$TRIBUTARY_DB_OWNER_PASSWORD" -v app_password="$TRIBUTARY_DB_PASSWORD" <<'SQL'
CREATE ROLE tributary LOGIN PASSWORD :'owner_password';
CREATE ROLE tributary_app LOGIN PASSWORD :'app_password';
CREATE DATABASE tributary OWNER tributary;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname tributary \
  -c "CREATE EXTENSION IF NOT EXISTS vector" -c "ALTER SCHEMA public OWNER TO tributary"
