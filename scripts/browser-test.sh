#!/usr/bin/env bash
# The operator console in a real browser (docs/operations.md#console): starts the packaged service
# (target/quarkus-app, built by mvn package/verify) on a free port against the test database, seeds a
# source, a directory source whose one file fails (a password-protected PDF), an HTTP dead letter and an
# API key, and drives /console with Playwright (playwright-core from npm, browser-tests/) in Debian's
# chromium: log in, search as a principal, refuse to replay the HTTP letter (no payload kept) and discard
# it, correct the file and replay its letter (the document is then found), start and follow a reindex,
# verify the audit chain, log in through Keycloak's login page. Screenshots: target/console-screenshots/.
# Needs PostgreSQL and Keycloak up (scripts/services.sh up). BROWSER_TEST=0 in scripts/test.sh skips it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
ensure_db_credentials
# Only what is missing: a Node.js that bundles npm (e.g. NodeSource's nodejs) conflicts with
# Debian's npm package, and asking apt for both fails the whole install.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests
(cd browser-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

db_url="${TRIBUTARY_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_test}"
db_name="${db_url##*/}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
log="target/console-screenshots/service.log"
mkdir -p target/console-screenshots
source_name="browser-$(date +%s)"
files_source="$source_name-files"
# This run's source files: the repository's, and a directory source over a fresh folder whose one file
# cannot be parsed yet (password-protected). The test corrects the file, then replays its dead letter.
work="$(mktemp -d)"
cp config/sources/*.yaml "$work/" 2>/dev/null || true
mkdir -p "$work/files"
cp src/test/resources/documents/password.pdf "$work/files/manual.pdf"
printf 'directory:\n  path: %s\n  acl: [browser-alice]\n' "$work/files" >"$work/$files_source.yaml"
# The console's login through Keycloak (realm tributary, client tributary-console, demo user carol) when
# scripts/services.sh's Keycloak answers; BROWSER_TEST_OIDC=0 leaves it out (the service then has no
# issuer, as a deployment with API keys only).
oidc_issuer=""
kc_env="${TRIBUTARY_STATE_DIR:-$REPO/.services}/keycloak.env"
if [ "${BROWSER_TEST_OIDC:-1}" != 0 ]; then
  kc_url="$(sed -n 's/^KEYCLOAK_URL=//p' "$kc_env" 2>/dev/null | head -n1)"
  kc_url="${kc_url:-http://127.0.0.1:8180}"
  curl -fsS -o /dev/null --max-time 5 "$kc_url/realms/tributary/.well-known/openid-configuration" \
    || { echo "Keycloak does not answer at $kc_url (scripts/services.sh up keycloak, or BROWSER_TEST_OIDC=0)" >&2; exit 1; }
  oidc_issuer="$kc_url/realms/tributary"
  export KEYCLOAK_USER=carol
  KEYCLOAK_PASSWORD="$(sed -n 's/^KEYCLOAK_CAROL_PASSWORD=//p' "$kc_env" | head -n1)"
  export KEYCLOAK_PASSWORD
fi
# The test profile's audit keys (it/ServiceProcess): this run's entries verify with the other tests'.
QUARKUS_HTTP_PORT="$port" TRIBUTARY_DB_URL="$db_url" \
  TRIBUTARY_REDACT_HMAC_KEY=browser-test-hmac-key-0123456789abcdefghij \
  TRIBUTARY_AUDIT_HMAC_KEYS="fault1:fault-test-audit-hmac-key-0123456789abcdef,test1:test-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_KAFKA_ENABLED=false TRIBUTARY_OIDC_ISSUER="$oidc_issuer" TRIBUTARY_EMBEDDING_QUANTIZED=false \
  TRIBUTARY_AUTH_CONSOLE_CLIENT_ID=tributary-console \
  TRIBUTARY_CONFIG_DIR="$work" \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$url/q/health/live" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -30 "$log"; echo "service exited at start" >&2; exit 1; }
  sleep 0.5
done
say "service up at $url (pid $pid)"

key="$(TRIBUTARY_DB_NAME="$db_name" scripts/keys.sh bootstrap browser-test ingest,search,operator,auditor 2>/dev/null)"
ingest() { curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -X POST "$url/v1/sources/$source_name/records" --data-binary "$1"; }
ingest '{"records":[{"id":"B-1","text":"Pump valve pressure check. Contact alice.liddell@example.com","acl":["browser-alice"]},
  {"id":"B-2","text":"Pump valve pressure for bob only","acl":["browser-bob"]},
  {"id":"B-3","text":"Shipping delay note","acl":["browser-alice"]}]}' >/dev/null
# a record the pipeline refuses (no id): a dead letter with its reason
ingest '{"records":[{"text":"no id here"}]}' >/dev/null
# the directory source's file is refused (encrypted PDF): a dead letter whose original can be read again
synced="$(curl -sS -H "Authorization: Bearer $key" -X POST "$url/v1/sources/$files_source/sync")"
case "$synced" in *'"rejected":1'*) ;; *) echo "sync of $files_source did not reject the file: $synced" >&2; exit 1 ;; esac

status=0
TRIBUTARY_URL="$url" TRIBUTARY_KEY="$key" SOURCE="$source_name" \
  FILES_SOURCE="$files_source" BROKEN_FILE="$work/files/manual.pdf" \
  FIXED_FILE="$REPO/src/test/resources/documents/testPDF.pdf" CHROMIUM="$(command -v chromium)" \
  node browser-tests/console.test.mjs || status=$?
# The test client's access tokens live 10 s and the test waits past that: the service must have refreshed.
if [ -n "$oidc_issuer" ] && ! grep -q "access token refreshed" "$log"; then
  echo "FAIL the console session did not refresh its expired access token (see $log)"
  status=1
fi
exit "$status"
