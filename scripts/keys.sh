#!/usr/bin/env bash
# API keys for services (docs/security.md). The key is printed once; only its SHA-256 is stored.
#
#   scripts/keys.sh bootstrap NAME ROLES [GROUPS] [DAYS]   first admin key, written straight into the
#                                                          database (needs its credentials, not the API)
#   scripts/keys.sh create NAME ROLES [GROUPS] [TTL]       through POST /v1/keys, with an admin key
#   scripts/keys.sh list                                   GET /v1/keys (never a secret)
#   scripts/keys.sh revoke ID                              DELETE /v1/keys/ID
#
# ROLES and GROUPS are comma-separated (roles: ingest, ingest:<source>, search, operator, auditor, admin,
# delegate). TTL is an ISO-8601 duration (default: tributary.auth.key-default-ttl, 90 days).
# The API commands authenticate with TRIBUTARY_KEY (an admin key) against TRIBUTARY_URL
# (default http://127.0.0.1:8080). bootstrap connects to host 127.0.0.1, the
# database TRIBUTARY_DB_NAME (tributary) and user TRIBUTARY_DB_OWNER (tributary) with PGPASSWORD, else
# this checkout's generated owner password (.services/db-owner.password).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
url="${TRIBUTARY_URL:-$APP_URL}"

json_list() { # "a,b" -> ["a","b"]
  python3 -c 'import json,sys; print(json.dumps([s.strip() for s in sys.argv[1].split(",") if s.strip()]))' "${1:-}"
}

api() {
  [ -n "${TRIBUTARY_KEY:-}" ] || { echo "set TRIBUTARY_KEY to an admin key (scripts/keys.sh bootstrap makes one)" >&2; exit 2; }
  curl -fsS -H "Authorization: Bearer $TRIBUTARY_KEY" -H 'Content-Type: application/json' "$@"
}

case "${1:-}" in
  bootstrap)
    [ $# -ge 3 ] || usage
    name="$2"; roles="$3"; groups="${4:-}"; days="${5:-90}"
    [[ "$days" =~ ^[0-9]+$ ]] || { echo "DAYS is a whole number" >&2; exit 2; }
    id="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    secret="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    hash="$(printf %s "$secret" | sha256sum | cut -d' ' -f1)"
    ensure_db_credentials  # the owner's password of this checkout (.services/), unless the environment has one
    export PGPASSWORD="${PGPASSWORD:-$TRIBUTARY_DB_OWNER_PASSWORD}"
    to_array() { python3 -c 'import sys; v=[s.strip() for s in sys.argv[1].split(",") if s.strip()]; print("{" + ",".join("\"%s\"" % s.replace("\\","\\\\").replace("\"","\\\"") for s in v) + "}")' "$1"; }
    psql -v ON_ERROR_STOP=1 -qAt -h 127.0.0.1 -U "${TRIBUTARY_DB_OWNER:-tributary}" -d "${TRIBUTARY_DB_NAME:-tributary}" \
      -v id="$id" -v name="$name" -v hash="$hash" -v roles="$(to_array "$roles")" -v groups="$(to_array "$groups")" \
      -v days="$days" >/dev/null <<'SQL'
INSERT INTO api_keys(id, name, secret_sha256, roles, groups, created_by, expires_at)
VALUES (:'id', :'name', :'hash', :'roles'::text[], :'groups'::text[], 'scripts/keys.sh bootstrap',
        now() + make_interval(days => :'days'::int));
SQL
    echo "trb_${id}_${secret}"
    ;;
  create)
    [ $# -ge 3 ] || usage
    body="$(python3 -c 'import json,sys; d={"name":sys.argv[1],"roles":json.loads(sys.argv[2]),"groups":json.loads(sys.argv[3])}; d.update({"ttl":sys.argv[4]} if sys.argv[4] else {}); print(json.dumps(d))' \
      "$2" "$(json_list "$3")" "$(json_list "${4:-}")" "${5:-}")"
    api -X POST "$url/v1/keys" --data-binary "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'
    ;;
  list)
    api "$url/v1/keys" | python3 -m json.tool
    ;;
  revoke)
    [ $# -eq 2 ] || usage
    api -X DELETE "$url/v1/keys/$2" -o /dev/null -w '%{http_code}\n'
    ;;
  *) usage ;;
esac
