# Shared by scripts/*.sh: repository paths and the prerequisites a fresh Debian 12 machine lacks.
# shellcheck shell=bash
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${TRIBUTARY_STATE_DIR:-$REPO/.services}"
APP_PID_FILE="$STATE_DIR/tributary.pid"
APP_LOG="$STATE_DIR/tributary.log"
APP_PORT="${TRIBUTARY_PORT:-8080}"
APP_URL="http://127.0.0.1:$APP_PORT"

say() { echo "[tributary] $*"; }

# Java 17 and Maven come from Debian's packages when missing.
ensure_build_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# A secret generated once per checkout: the content of $STATE_DIR/$1 (mode 600), created when missing
# as $4 (optional prefix) and $2 random bytes in hex; $3 describes it for the one line printed then.
checkout_secret() {
  local file="$STATE_DIR/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$STATE_DIR"
    (umask 077 && { printf '%s' "${4:-}"; head -c "$2" /dev/urandom | od -An -tx1 | tr -d ' \n'; } >"$file")
    say "generated $3 in $file" >&2
  fi
  cat "$file"
}

# The pseudonym key: from the environment, else one generated once per checkout.
ensure_hmac_key() {
  if [ -z "${TRIBUTARY_REDACT_HMAC_KEY:-}" ]; then
    TRIBUTARY_REDACT_HMAC_KEY="$(checkout_secret hmac.key 48 "a pseudonym key (set TRIBUTARY_REDACT_HMAC_KEY to use your own)")"
  fi
  export TRIBUTARY_REDACT_HMAC_KEY
}

# The two database roles (docs/operations.md): the owner runs the migrations, the service connects as
# the application role, which may only append to and read the audit log. Passwords from the
# environment, else generated once per checkout; scripts/services.sh gives the roles these passwords.
ensure_db_credentials() {
  export TRIBUTARY_DB_OWNER="${TRIBUTARY_DB_OWNER:-tributary}"
  export TRIBUTARY_DB_USER="${TRIBUTARY_DB_USER:-tributary_app}"
  if [ -z "${TRIBUTARY_DB_OWNER_PASSWORD:-}" ]; then
    TRIBUTARY_DB_OWNER_PASSWORD="$(checkout_secret db-owner.password 24 "the database owner's password")"
  fi
  if [ -z "${TRIBUTARY_DB_PASSWORD:-}" ]; then
    TRIBUTARY_DB_PASSWORD="$(checkout_secret db-app.password 24 "the application role's password")"
  fi
  export TRIBUTARY_DB_OWNER_PASSWORD TRIBUTARY_DB_PASSWORD
}

# The audit log's HMAC keys (id:secret pairs, the signing key first): from the environment, else the
# file generated once per checkout. Rotation: put a new pair first in that file, keep the old ones.
ensure_audit_keys() {
  if [ -z "${TRIBUTARY_AUDIT_HMAC_KEYS:-}" ]; then
    TRIBUTARY_AUDIT_HMAC_KEYS="$(checkout_secret audit-hmac.keys 32 "an audit key" k1:)"
  fi
  export TRIBUTARY_AUDIT_HMAC_KEYS
}

# Everything secret that the service needs, exported.
ensure_secrets() {
  ensure_hmac_key
  ensure_db_credentials
  ensure_audit_keys
}

app_running() {
  [ -s "$APP_PID_FILE" ] && kill -0 "$(cat "$APP_PID_FILE")" 2>/dev/null
}

# Builds target/quarkus-app when it is missing or older than the sources (tests skipped).
# A private database for a measurement (eval, benchmark): created by the postgres superuser (trust auth on
# 127.0.0.1), owned by tributary, with pgvector, unless it exists.
ensure_database() {
  local db="$1"
  if ! psql -h 127.0.0.1 -U postgres -d "$db" -Atc 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db OWNER tributary"
    psql -h 127.0.0.1 -U postgres -d "$db" -qc "ALTER SCHEMA public OWNER TO tributary" \
      -c "CREATE EXTENSION IF NOT EXISTS vector"
  fi
}

ensure_jar() {
  local jar=target/quarkus-app/quarkus-run.jar
  if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
    say "building (mvn package, tests skipped)"
    mvn -B -q package -DskipTests
  fi
}
