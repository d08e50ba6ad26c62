#!/usr/bin/env bash
# The operator console in a real browser (docs/operations.md#console): starts the packaged service
# (target/quarkus-app, built by mvn package/verify) on a free port against the test database, seeds a
# source, a dead letter and an API key, and drives /console with Playwright (playwright-core from npm,
# browser-tests/) in Debian's chromium: log in, search as a principal, replay and discard a dead letter,
# start and follow a reindex, verify the audit chain. Screenshots: target/console-screenshots/.
# Needs PostgreSQL and Kafka up (scripts/services.sh up). BROWSER_TEST=0 in scripts/test.sh skips it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
ensure_db_credentials
if ! command -v chromium >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "installing chromium and npm (Debian packages)"
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium npm
fi
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
(cd browser-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

db_url="${TRIBUTARY_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_test}"
db_name="${db_url##*/}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
log="target/console-screenshots/service.log"
mkdir -p target/console-screenshots
# The test profile's audit keys (it/ServiceProcess): this run's entries verify with the other tests'.
QUARKUS_HTTP_PORT="$port" TRIBUTARY_DB_URL="$db_url" \
  TRIBUTARY_REDACT_HMAC_KEY=browser-test-hmac-key-0123456789abcdefghij \
  TRIBUTARY_AUDIT_HMAC_KEYS="fault1:fault-test-audit-hmac-key-0123456789abcdef,test1:test-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_KAFKA_ENABLED=false TRIBUTARY_OIDC_ISSUER= TRIBUTARY_EMBEDDING_QUANTIZED=false \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$url/q/health/live" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -30 "$log"; echo "service exited at start" >&2; exit 1; }
  sleep 0.5
done
say "service up at $url (pid $pid)"

key="$(TRIBUTARY_DB_NAME="$db_name" scripts/keys.sh bootstrap browser-test ingest,search,operator,auditor 2>/dev/null)"
source_name="browser-$(date +%s)"
ingest() { curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -X POST "$url/v1/sources/$source_name/records" --data-binary "$1"; }
ingest '{"records":[{"id":"B-1","text":"Pump valve pressure check. Contact alice.liddell@example.com","acl":["browser-alice"]},
  {"id":"B-2","text":"Pump valve pressure for bob only","acl":["browser-bob"]},
  {"id":"B-3","text":"Shipping delay note","acl":["browser-alice"]}]}' >/dev/null
# a record the pipeline refuses (no id): a dead letter with its reason
ingest '{"records":[{"text":"no id here"}]}' >/dev/null

TRIBUTARY_URL="$url" TRIBUTARY_KEY="$key" SOURCE="$source_name" CHROMIUM="$(command -v chromium)" \
  node browser-tests/console.test.mjs
