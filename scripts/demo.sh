#!/usr/bin/env bash
# The main job, end to end: services up, build, start Tributary on :8080, ingest sample CRM records
# (with PII in them), search, print results with provenance. Leaves the service running:
# scripts/stop.sh stops it, scripts/services.sh down stops the services.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
# this checkout's secrets (.services/): the roles' passwords that services.sh sets, the keys
ensure_secrets
scripts/services.sh up
# Tokens come from this checkout's Keycloak (realm config/keycloak/tributary-realm.json): alice is in
# group sales, bob in group support. Services use API keys.
# shellcheck disable=SC1091
source "$STATE_DIR/keycloak.env"
export TRIBUTARY_OIDC_ISSUER="${TRIBUTARY_OIDC_ISSUER:-$KEYCLOAK_URL/realms/$KEYCLOAK_REALM}"
scripts/start.sh

pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }
token() { # the access token of a realm user (password grant of the public demo client)
  curl -fsS "$TRIBUTARY_OIDC_ISSUER/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=tributary-cli -d username="$1" --data-urlencode password="$2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

say "an API key for the demo's ingest and operations (scripts/keys.sh bootstrap; shown once, stored hashed)"
KEY="$(scripts/keys.sh bootstrap demo "ingest,search,operator" "" 1)"
AUTH=(-H "Authorization: Bearer $KEY")
say "no credentials: 401 problem"
curl -sS -X POST "$APP_URL/v1/search" -H 'Content-Type: application/json' -d '{"query":"invoice"}' | pretty

say "ingesting samples/crm-records.json into source 'crm' (policy: config/sources/crm.yaml)"
curl -fsS -X POST "$APP_URL/v1/sources/crm/records" "${AUTH[@]}" -H 'Content-Type: application/json' \
  --data-binary @samples/crm-records.json | pretty

say "re-sending the same batch: every record is 'unchanged', nothing is re-embedded"
curl -fsS -X POST "$APP_URL/v1/sources/crm/records" "${AUTH[@]}" -H 'Content-Type: application/json' \
  --data-binary @samples/crm-records.json |
  python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print({s: sum(1 for x in r if x["status"]==s) for s in {x["status"] for x in r}})'

ALICE="$(token alice "$KEYCLOAK_ALICE_PASSWORD")"
BOB="$(token bob "$KEYCLOAK_BOB_PASSWORD")"
for q in "which customer had a billing dispute about an invoice?" \
         "customer complaining that the e-bike battery does not charge"; do
  for who in alice bob; do
    if [ "$who" = alice ]; then t="$ALICE"; group=sales; else t="$BOB"; group=support; fi
    say "search as $who (group $group): $q"
    curl -fsS -X POST "$APP_URL/v1/search" -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "{\"query\":\"$q\",\"topK\":3}" |
      python3 -c 'import json,sys; [print("  %.3f  %s/%s  %s" % (h["score"], h["provenance"]["source"], h["provenance"]["recordId"], h["text"][:90].replace("\n"," "))) for h in json.load(sys.stdin)["results"]] or print("  (nothing this user may see)")'
  done
done
say "alice may not ingest (role search only): 403 problem"
curl -sS -X POST "$APP_URL/v1/sources/crm/records" -H "Authorization: Bearer $ALICE" \
  -H 'Content-Type: application/json' -d '{"records":[]}' | pretty

say "what is stored for record CRM-1001, as alice (note: no SSN, e-mail pseudonymised, phone masked)"
curl -fsS -H "Authorization: Bearer $ALICE" "$APP_URL/v1/sources/crm/records/CRM-1001" | pretty
say "streaming samples/crm-stream.txt to Kafka topic tributary.crm (a re-sent duplicate, a newer version,"
say "a message that is not JSON and a tombstone deleting CRM-1004)"
java -cp "$STATE_DIR/kafka/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.kafka.tools.ConsoleProducer \
  --bootstrap-server "${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" --topic tributary.crm \
  --property parse.key=true --property key.separator='|' --property null.marker=NULL <samples/crm-stream.txt
arrived=no
for _ in $(seq 1 90); do
  status=$(curl -fsS "${AUTH[@]}" "$APP_URL/v1/sources/crm/records/CRM-1004" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true)
  version=$(curl -fsS "${AUTH[@]}" "$APP_URL/v1/sources/crm/records/CRM-2002" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])' 2>/dev/null || true)
  if [ "$status" = deleted ] && [ "$version" = 2 ]; then arrived=yes; break; fi
  sleep 1
done
if [ "$arrived" != yes ]; then
  say "the stream did not arrive within 90 s; see GET $APP_URL/v1/sources and $APP_LOG"
  curl -fsS "${AUTH[@]}" "$APP_URL/v1/sources" | pretty
  exit 1
fi
say "the stream arrived: CRM-2002 is at version 2, CRM-1004 was deleted by its tombstone"
curl -fsS -H "Authorization: Bearer $ALICE" "$APP_URL/v1/sources/crm/records/CRM-2002" | pretty
say "per-source counters and consumer lag (GET /v1/sources, operator role)"
curl -fsS "${AUTH[@]}" "$APP_URL/v1/sources" | pretty
say "open dead letters of source crm (GET /v1/dead-letters?source=crm)"
curl -fsS "${AUTH[@]}" "$APP_URL/v1/dead-letters?source=crm&limit=10" | pretty
say "Tributary is running at $APP_URL (127.0.0.1 only) — scripts/stop.sh stops it."
say "the demo key (ingest, search, operator; expires in a day): $KEY"
