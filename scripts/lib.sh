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

# The pseudonym key: from the environment, else one generated once per checkout (mode 600).
ensure_hmac_key() {
  if [ -z "${TRIBUTARY_REDACT_HMAC_KEY:-}" ]; then
    local key_file="$STATE_DIR/hmac.key"
    if [ ! -s "$key_file" ]; then
      mkdir -p "$STATE_DIR"
      (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$key_file")
      say "generated a pseudonym key in $key_file (set TRIBUTARY_REDACT_HMAC_KEY to use your own)"
    fi
    TRIBUTARY_REDACT_HMAC_KEY="$(cat "$key_file")"
    export TRIBUTARY_REDACT_HMAC_KEY
  fi
}

app_running() {
  [ -s "$APP_PID_FILE" ] && kill -0 "$(cat "$APP_PID_FILE")" 2>/dev/null
}

# Builds target/quarkus-app when it is missing or older than the sources (tests skipped).
ensure_jar() {
  local jar=target/quarkus-app/quarkus-run.jar
  if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
    say "building (mvn package, tests skipped)"
    mvn -B -q package -DskipTests
  fi
}
