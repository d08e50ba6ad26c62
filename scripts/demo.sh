#!/usr/bin/env bash
# The main job, end to end: services up, build, start Tributary on :8080, ingest sample CRM records
# (with PII in them), search, print results with provenance. Leaves the service running:
# scripts/stop.sh stops it, scripts/services.sh down stops the services.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
scripts/services.sh up
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
    -d "{\"query\":\"$q\",\"topK\":2}" | pretty
done

say "what is stored for record CRM-1001 (note: no SSN, e-mail pseudonymised, phone masked)"
curl -fsS "$APP_URL/v1/sources/crm/records/CRM-1001" | pretty
say "Tributary is running at $APP_URL — scripts/stop.sh stops it."
