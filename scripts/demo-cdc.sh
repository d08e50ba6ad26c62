#!/usr/bin/env bash
# The CDC step of the demo (issue #14 item 5; docs/cdc.md): after scripts/demo.sh (Tributary running on :8080),
# starts the demo CRM and its Debezium connector if they are not up (scripts/services.sh up cdc), changes a
# customer row in the CRM database, waits until the change is mirrored, and searches for it: the hit's
# provenance names the table, the LSN and the operation. Run it again: each run writes a new sentence.
#   CDC_CUSTOMER   the customer id to change (default 1, Acme Logistics, group sales: alice sees it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

app_running || { say "Tributary is not running: run scripts/demo.sh first"; exit 1; }
scripts/services.sh up cdc
# shellcheck disable=SC1091
source "$STATE_DIR/crm.env"
# shellcheck disable=SC1091
source "$STATE_DIR/keycloak.env"
issuer="$KEYCLOAK_URL/realms/$KEYCLOAK_REALM"
id="${CDC_CUSTOMER:-1}"
pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }
crm_sql() { PGPASSWORD="$CRM_PASSWORD" psql -h 127.0.0.1 -p "$CRM_PG_PORT" -U "$CRM_USER" -d crm -v ON_ERROR_STOP=1 -Atq "$@"; }
alice="$(curl -fsS "$issuer/protocol/openid-connect/token" -d grant_type=password -d client_id=tributary-cli \
  -d username=alice --data-urlencode password="$KEYCLOAK_ALICE_PASSWORD" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

pick=(cold-chain "carbon-neutral" "same-day" "night-time" "refrigerated" "hazardous-goods")
topic="${pick[$(( $(date +%s) % ${#pick[@]} ))]} shipping"
sentence="On $(date -u +%Y-%m-%dT%H:%M:%SZ) the customer asked for $topic; call back on +1 415 555 0199."
record_version() {
  curl -fsS -H "Authorization: Bearer $alice" "$APP_URL/v1/sources/crm-customers/records/$id" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("version") or 0)' 2>/dev/null || echo 0
}
# The record's version is the LSN of the change it came from: the change has arrived when it moves. (Not "when
# it passes the CRM's current LSN": a topic may hold versions of an earlier CRM cluster.)
before="$(record_version)"
say "changing CRM row public.customers id=$id (psql on 127.0.0.1:$CRM_PG_PORT): notes += \"$sentence\""
# on stdin: psql substitutes :'s' (quoted safely) only there, not in -c
echo "UPDATE customers SET notes = notes || ' ' || :'s', updated_at = now() WHERE id = $id" | crm_sql -v s="$sentence" >/dev/null
t0=$(date +%s%N)
version="$before"
for _ in $(seq 1 600); do
  version="$(record_version)"
  [ "$version" != "$before" ] && [ "$version" != 0 ] && break
  sleep 0.1
done
if [ "$version" = "$before" ] || [ "$version" = 0 ]; then
  say "the change did not arrive within 60 s: see GET $APP_URL/v1/sources (a 'stale' count means the stored version"
  say "is ahead of this CRM cluster's LSNs, e.g. after the CRM was re-created), $APP_LOG and $STATE_DIR/connect/connect.log"
  exit 1
fi
say "mirrored after $(( ($(date +%s%N) - t0) / 1000000 )) ms (record crm-customers/$id at version $version = the change's LSN)"
say "search as alice: \"which customer asked for $topic?\""
curl -fsS -X POST "$APP_URL/v1/search" -H "Authorization: Bearer $alice" -H 'Content-Type: application/json' \
  -d "{\"query\":\"which customer asked for $topic?\",\"topK\":3,\"filter\":{\"source\":\"crm-customers\"}}" |
  python3 -c '
import json, sys
for h in json.load(sys.stdin)["results"]:
    p = h["provenance"]
    c = p.get("change") or {}  # the change event the record came from: table, LSN, operation
    print("  %.3f  %s/%s  table %s  op %s  lsn %s  (topic %s)" % (h["score"], p["source"], p["recordId"],
          c.get("table"), c.get("op"), c.get("lsn"), (p.get("origin") or {}).get("topic")))
    print("         " + h["text"][-220:].replace("\n", " "))'
say "the record as alice sees it (no SSN, e-mail pseudonymised, the phone in the new sentence masked)"
curl -fsS -H "Authorization: Bearer $alice" "$APP_URL/v1/sources/crm-customers/records/$id" | pretty
