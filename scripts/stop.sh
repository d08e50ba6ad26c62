#!/usr/bin/env bash
# Stops the Tributary that scripts/start.sh started (by its PID file), gracefully, then forcefully.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if ! app_running; then
  say "not running"
  rm -f "$APP_PID_FILE"
  exit 0
fi
pid="$(cat "$APP_PID_FILE")"
kill -TERM "$pid"
for _ in $(seq 1 30); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$APP_PID_FILE"; say "stopped (PID $pid)"; exit 0; }
  sleep 1
done
kill -KILL "$pid" 2>/dev/null || true
rm -f "$APP_PID_FILE"
say "killed (PID $pid) after 30 s"
