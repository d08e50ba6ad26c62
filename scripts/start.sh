#!/usr/bin/env bash
# Starts Tributary in the background on :8080 (TRIBUTARY_PORT), waits until it is ready, prints the URL.
# Builds first when the jar is missing or older than the sources. Assumes scripts/services.sh up ran.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

if app_running; then
  say "already running (PID $(cat "$APP_PID_FILE")) at $APP_URL"
  exit 0
fi
ensure_build_tools
# the pseudonym key, the database roles' passwords and the audit keys of this checkout (.services/)
ensure_secrets
ensure_jar
jar=target/quarkus-app/quarkus-run.jar
mkdir -p "$STATE_DIR"
say "starting; log in $APP_LOG"
nohup java -Xmx1g -Dquarkus.http.port="$APP_PORT" -jar "$jar" >"$APP_LOG" 2>&1 &
echo $! >"$APP_PID_FILE"
for _ in $(seq 1 120); do
  if curl -fs "$APP_URL/q/health/ready" >/dev/null 2>&1; then
    say "ready at $APP_URL (PID $(cat "$APP_PID_FILE"))"
    exit 0
  fi
  if ! app_running; then
    tail -n 30 "$APP_LOG" >&2
    say "failed to start; see $APP_LOG"
    rm -f "$APP_PID_FILE"
    exit 1
  fi
  sleep 1
done
say "not ready after 120 s; see $APP_LOG"
exit 1
