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
# Until authentication exists, the caller's principals come from X-Tributary-Principals, which only a
# service started with this flag honours (docs/configuration.md). The demo searches as sales + support.
export TRIBUTARY_SEARCH_TRUST_PRINCIPALS_HEADER=true
scripts/start.sh

pretty() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'; }

say "ingesting samples/crm-records.json into source 'crm' (policy: config/sources/crm.yaml)"
curl -fsS -X POST "$APP_URL/v1/sources/crm/records" -H 'Content-Type: application/json' \
  -H 'X-Tributary-Caller: demo' --data-binary @samples/crm-records.json | pretty

say "re-sending the same batch: every record is 'unchanged', nothing is re-embedded"
curl -fsS -X POST "$APP_URL/v1/sources/crm/records" -H 'Content-Type: application/json' \
  --data-binary @samples/crm-records.json |
  python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print({s: sum(1 for x in r if x["status"]==s) for s in {x["status"] for x in r}})'

for q in "which customer had a billing dispute about an invoice?" \
         "who wants to upgrade to the enterprise plan?" \
         "customer complaining that the e-bike battery does not charge"; do
  say "search: $q"
  curl -fsS -X POST "$APP_URL/v1/search" -H 'Content-Type: application/json' -H 'X-Tributary-Caller: demo' \
    -H 'X-Tributary-Principals: sales,support' -d "{\"query\":\"$q\",\"topK\":2}" | pretty
done

say "what is stored for record CRM-1001 (note: no SSN, e-mail pseudonymised, phone masked)"
curl -fsS -H 'X-Tributary-Principals: sales,support' "$APP_URL/v1/sources/crm/records/CRM-1001" | pretty
say "streaming samples/crm-stream.txt to Kafka topic tributary.crm (a re-sent duplicate, a newer version,"
say "a message that is not JSON and a tombstone deleting CRM-1004)"
java -cp "$STATE_DIR/kafka/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.kafka.tools.ConsoleProducer \
  --bootstrap-server "${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" --topic tributary.crm \
  --property parse.key=true --property key.separator='|' --property null.marker=NULL <samples/crm-stream.txt
arrived=no
for _ in $(seq 1 90); do
  status=$(curl -fsS "$APP_URL/v1/sources/crm/records/CRM-1004" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true)
  version=$(curl -fsS "$APP_URL/v1/sources/crm/records/CRM-2002" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])' 2>/dev/null || true)
  if [ "$status" = deleted ] && [ "$version" = 2 ]; then arrived=yes; break; fi
  sleep 1
done
if [ "$arrived" != yes ]; then
  say "the stream did not arrive within 90 s; see GET $APP_URL/v1/sources and $APP_LOG"
  curl -fsS "$APP_URL/v1/sources" | pretty
  exit 1
fi
say "the stream arrived: CRM-2002 is at version 2, CRM-1004 was deleted by its tombstone"
curl -fsS -H 'X-Tributary-Principals: sales' "$APP_URL/v1/sources/crm/records/CRM-2002" | pretty
say "per-source counters and consumer lag (GET /v1/sources)"
curl -fsS "$APP_URL/v1/sources" | pretty
say "open dead letters of source crm (GET /v1/dead-letters?source=crm)"
curl -fsS "$APP_URL/v1/dead-letters?source=crm&limit=10" | pretty
say "Tributary is running at $APP_URL — scripts/stop.sh stops it."
