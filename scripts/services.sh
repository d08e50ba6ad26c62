#!/usr/bin/env bash
# Local backing services for Tributary without Docker:
#   PostgreSQL 15 + pgvector (reused if already listening) and a single-node KRaft Kafka broker.
#
# Usage: scripts/services.sh up|down|status
#
# Environment:
#   TRIBUTARY_STATE_DIR    state dir (default: <repo>/.services)
#   KAFKA_PORT             broker port (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   KAFKA_VERSION          Kafka version fetched from Maven (default 4.1.1)
#   KAFKA_HEAP             broker max heap (default 512m)
#   KAFKA_LOG_LEVEL        slf4j-simple level for the broker log (default info)
#
# `down` stops only what `up` started (Kafka by its PID file, PostgreSQL only if recorded).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# REPO, STATE_DIR and the per-checkout secrets (ensure_db_credentials)
source "$SCRIPT_DIR/lib.sh"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_MAJOR=15
DATABASES=(tributary tributary_test)

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
SLF4J_VERSION=1.7.36            # matches the slf4j-api 1.7.x that kafka_2.13 4.1.x pulls in
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_PID_FILE="$STATE_DIR/kafka.pid"
PG_STARTED_FILE="$STATE_DIR/postgres.started-by-us"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "[services] $*"; }
die() { echo "[services] ERROR: $*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()
fi
as_root() { "${SUDO[@]}" "$@"; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    mkdir -p "$STATE_DIR"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$STATE_DIR/apt.log" 2>&1 \
      || { tail -n 20 "$STATE_DIR/apt.log" >&2; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$STATE_DIR/apt.log" 2>&1 \
    || { tail -n 20 "$STATE_DIR/apt.log" >&2; die "apt-get install $* failed"; }
}
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'; }

port_open() { timeout 2 bash -c "</dev/tcp/$1/$2" >/dev/null 2>&1; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }

# Run psql as a superuser: TCP as postgres (trust on localhost), else the postgres OS user via peer auth.
PSQL_MODE=""
psql_su() {
  if [ -z "$PSQL_MODE" ]; then
    if psql -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      PSQL_MODE=tcp
    elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
      PSQL_MODE=runuser
    elif command -v sudo >/dev/null 2>&1; then
      PSQL_MODE=sudo
    else
      die "cannot connect to PostgreSQL as a superuser"
    fi
  fi
  case "$PSQL_MODE" in
    tcp) psql -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@" ;;
    runuser) (cd /tmp && runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -Atq "$@") ;;
    sudo) (cd /tmp && sudo -u postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -Atq "$@") ;;
  esac
}

vector_available() {
  [ "$(psql_su -d postgres -c "select count(*) from pg_available_extensions where name = 'vector'" 2>/dev/null)" = "1" ]
}

# The archive URI of the machine's own apt configuration (first deb822 URIs: or one-line `deb` entry).
debian_archive_uri() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$uri" ]; then
    uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2; exit}')"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [ -n "$uri" ] || die "could not find a Debian archive URI in the apt configuration"
  echo "$uri"
}

build_pgvector() {
  local major="$1" t0 uri build_dir src
  t0=$(date +%s)
  log "pgvector not available: building it from Debian's source package"
  local need=()
  pkg_installed dpkg-dev || need+=(dpkg-dev)
  pkg_installed build-essential || need+=(build-essential)
  pkg_installed "postgresql-server-dev-$major" || need+=("postgresql-server-dev-$major")
  [ "${#need[@]}" -eq 0 ] || apt_install "${need[@]}"

  uri="$(debian_archive_uri)"
  local apt_dir="$STATE_DIR/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  cat >"$apt_dir/deb-src.sources" <<EOF
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/deb-src.sources" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
  log "fetching pgvector source (deb-src trixie)"
  apt-get -qq "${apt_opts[@]}" update >/dev/null
  build_dir="$STATE_DIR/pgvector-build"
  rm -rf "$build_dir"
  mkdir -p "$build_dir"
  (cd "$build_dir" && apt-get -qq "${apt_opts[@]}" source pgvector >/dev/null 2>&1) \
    || die "apt-get source pgvector failed"
  src="$(find "$build_dir" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
  [ -n "$src" ] || die "pgvector source not unpacked in $build_dir"
  local pg_config="/usr/lib/postgresql/$major/bin/pg_config"
  log "building $(basename "$src") against PostgreSQL $major"
  (cd "$src" && make -s PG_CONFIG="$pg_config" >"$build_dir/build.log" 2>&1) \
    || { tail -n 30 "$build_dir/build.log" >&2; die "pgvector build failed (log: $build_dir/build.log)"; }
  (cd "$src" && as_root make -s PG_CONFIG="$pg_config" install >>"$build_dir/build.log" 2>&1) \
    || { tail -n 30 "$build_dir/build.log" >&2; die "pgvector install failed"; }
  log "pgvector built and installed in $(( $(date +%s) - t0 )) s"
}

# Two roles, neither a superuser: the owner ($TRIBUTARY_DB_OWNER) owns the databases and their public
# schema and runs the migrations; the service connects as the application role ($TRIBUTARY_DB_USER),
# which migration V8 lets append to and read the audit log, nothing more. Their passwords are this
# checkout's (.services/db-*.password, or the environment), set on every `up`: no role keeps a
# well-known password.
ensure_role() {
  local role="$1" password="$2"
  [[ "$role" =~ ^[a-z_][a-z0-9_]*$ ]] || die "role name '$role' is not a plain lower-case identifier"
  local verb=ALTER
  if [ -z "$(psql_su -d postgres -c "select 1 from pg_roles where rolname = '$role'")" ]; then
    log "creating role $role"
    verb=CREATE
  fi
  # on stdin, not in the command line, where ps would show the password
  printf "%s ROLE %s LOGIN NOSUPERUSER PASSWORD '%s';\n" "$verb" "$role" "${password//\'/\'\'}" \
    | psql_su -d postgres >/dev/null
}

ensure_databases() {
  ensure_db_credentials
  [ "$TRIBUTARY_DB_OWNER" != "$TRIBUTARY_DB_USER" ] \
    || die "TRIBUTARY_DB_USER must name another role than the owner TRIBUTARY_DB_OWNER"
  ensure_role "$TRIBUTARY_DB_OWNER" "$TRIBUTARY_DB_OWNER_PASSWORD"
  ensure_role "$TRIBUTARY_DB_USER" "$TRIBUTARY_DB_PASSWORD"
  local db
  for db in "${DATABASES[@]}"; do
    if [ -z "$(psql_su -d postgres -c "select 1 from pg_database where datname = '$db'")" ]; then
      log "creating database $db"
      psql_su -d postgres -c "CREATE DATABASE $db OWNER $TRIBUTARY_DB_OWNER"
    fi
    psql_su -d "$db" -c "SET client_min_messages = warning" \
      -c "CREATE EXTENSION IF NOT EXISTS vector" \
      -c "ALTER SCHEMA public OWNER TO $TRIBUTARY_DB_OWNER" >/dev/null
  done
}

pg_up() {
  PG_HOW="reused"
  if pg_ready; then
    if [ -f "$PG_STARTED_FILE" ]; then PG_HOW="started by us earlier"; fi
    log "PostgreSQL already listening on $PG_HOST:$PG_PORT"
  else
    if ! pkg_installed "postgresql-$PG_MAJOR"; then
      apt_install "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
    fi
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" '$1 == v && $2 == "main" {f = 1} END {exit !f}'; then
      log "creating cluster $PG_MAJOR/main"
      as_root pg_createcluster "$PG_MAJOR" main >/dev/null
    fi
    if ! pg_ready; then
      log "starting cluster $PG_MAJOR/main"
      as_root pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
      echo "$PG_MAJOR main" >"$PG_STARTED_FILE"
      PG_HOW="started by us"
    fi
    local i
    for i in $(seq 1 30); do pg_ready && break; sleep 1; done
    pg_ready || die "PostgreSQL did not come up on $PG_HOST:$PG_PORT"
  fi

  if ! vector_available; then
    local major
    major="$(psql_su -d postgres -c 'show server_version_num')"
    major=$(( major / 10000 ))
    build_pgvector "$major"
    vector_available || die "vector extension still not available after the build"
  fi
  ensure_databases
}

pg_status_line() {
  local vec="vector: unknown"
  if pg_ready; then
    if vector_available; then vec="vector: available"; else vec="vector: NOT available"; fi
    local how="reused"
    [ -f "$PG_STARTED_FILE" ] && how="started by us"
    echo "postgresql: running  $PG_HOST:$PG_PORT  ($how; $vec)"
  else
    echo "postgresql: not running  $PG_HOST:$PG_PORT"
  fi
}

pg_down() {
  if [ -f "$PG_STARTED_FILE" ]; then
    local ver name
    read -r ver name <"$PG_STARTED_FILE"
    log "stopping PostgreSQL cluster $ver/$name (started by us)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop || true
    rm -f "$PG_STARTED_FILE"
  else
    log "PostgreSQL: not started by us, left alone"
  fi
}

# ---------------------------------------------------------------- Kafka

kafka_pid() { [ -f "$KAFKA_PID_FILE" ] && cat "$KAFKA_PID_FILE" || true; }

fetch_kafka() {
  local marker="$KAFKA_LIB/.complete-$KAFKA_VERSION"
  if [ -f "$marker" ]; then return 0; fi
  local t0 fetch="$KAFKA_DIR/fetch"
  t0=$(date +%s)
  log "fetching Kafka $KAFKA_VERSION and its dependencies with Maven"
  mkdir -p "$fetch"
  cat >"$fetch/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/services.sh: only used to download the Kafka broker jars -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tributary</groupId>
  <artifactId>kafka-broker-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  rm -rf "$KAFKA_LIB"
  mkdir -p "$KAFKA_LIB"
  mvn -q -B -f "$fetch/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime >"$fetch/mvn.log" 2>&1 \
    || { tail -n 30 "$fetch/mvn.log" >&2; die "Maven could not fetch Kafka (log: $fetch/mvn.log)"; }
  ls "$KAFKA_LIB"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || die "kafka_2.13 jar missing after fetch"
  touch "$marker"
  log "Kafka jars fetched ($(ls "$KAFKA_LIB"/*.jar | wc -l) jars) in $(( $(date +%s) - t0 )) s"
}

write_kafka_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# generated by scripts/services.sh
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

kafka_up() {
  KAFKA_HOW=""
  local pid
  pid="$(kafka_pid)"
  if port_open 127.0.0.1 "$KAFKA_PORT"; then
    if pid_alive "$pid"; then
      KAFKA_HOW="started by us, PID $pid"
    else
      KAFKA_HOW="reused"
    fi
    log "Kafka already answering on 127.0.0.1:$KAFKA_PORT ($KAFKA_HOW)"
    fetch_kafka  # its client tools (scripts/demo.sh's producer) are needed even when the broker is reused
    return 0
  fi
  if ! pid_alive "$pid"; then
    rm -f "$KAFKA_PID_FILE"
    fetch_kafka
    write_kafka_config
    if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
      local uuid
      uuid="$("$JAVA" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
      log "formatting Kafka storage (cluster id $uuid)"
      "$JAVA" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$uuid" \
        -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 \
        || { cat "$KAFKA_DIR/format.log" >&2; die "Kafka storage format failed"; }
    fi
    log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
    # setsid: the broker gets its own session so it outlives the calling shell; no fd of ours stays open in it.
    (cd "$KAFKA_DIR" || exit 1
     setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PID_FILE" \
      "$JAVA" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
      -Dorg.slf4j.simpleLogger.defaultLogLevel="$KAFKA_LOG_LEVEL" \
      -Dorg.slf4j.simpleLogger.showDateTime=true \
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
      >>"$KAFKA_DIR/kafka.log" 2>&1 </dev/null &
     ) >/dev/null 2>&1 </dev/null
  else
    log "Kafka process $pid exists but the port does not answer yet; waiting"
  fi
  local t0 i
  t0=$(date +%s)
  for i in $(seq 1 90); do
    port_open 127.0.0.1 "$KAFKA_PORT" && break
    pid="$(kafka_pid)"
    if [ "$i" -gt 2 ] && ! pid_alive "$pid"; then
      tail -n 30 "$KAFKA_DIR/kafka.log" >&2
      die "Kafka exited during start-up (log: $KAFKA_DIR/kafka.log)"
    fi
    sleep 1
  done
  port_open 127.0.0.1 "$KAFKA_PORT" || die "Kafka did not answer on port $KAFKA_PORT within 90 s (log: $KAFKA_DIR/kafka.log)"
  pid="$(kafka_pid)"
  KAFKA_HOW="started by us, PID $pid"
  log "Kafka answering after $(( $(date +%s) - t0 )) s"
}

kafka_status_line() {
  local pid
  pid="$(kafka_pid)"
  if port_open 127.0.0.1 "$KAFKA_PORT"; then
    if pid_alive "$pid"; then
      echo "kafka: running  127.0.0.1:$KAFKA_PORT  (started by us, PID $pid)"
    else
      echo "kafka: running  127.0.0.1:$KAFKA_PORT  (reused)"
    fi
  elif pid_alive "$pid"; then
    echo "kafka: starting (port not answering yet)  127.0.0.1:$KAFKA_PORT  (started by us, PID $pid)"
  else
    echo "kafka: not running  127.0.0.1:$KAFKA_PORT"
  fi
}

kafka_down() {
  local pid i
  pid="$(kafka_pid)"
  if ! pid_alive "$pid"; then
    rm -f "$KAFKA_PID_FILE"
    log "Kafka: not started by us (no live PID file), left alone"
    return 0
  fi
  log "stopping Kafka (PID $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do
    pid_alive "$pid" || break
    sleep 1
  done
  if pid_alive "$pid"; then
    log "Kafka did not stop within 30 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$KAFKA_PID_FILE"
}

# ---------------------------------------------------------------- main

cmd="${1:-}"
case "$cmd" in
  up)
    mkdir -p "$STATE_DIR"
    pg_up
    kafka_up
    echo "postgresql: $PG_HOST:$PG_PORT ($PG_HOW; databases ${DATABASES[*]}, owner $TRIBUTARY_DB_OWNER, service role $TRIBUTARY_DB_USER, vector ready)"
    echo "kafka: 127.0.0.1:$KAFKA_PORT ($KAFKA_HOW)"
    ;;
  down)
    kafka_down
    pg_down
    ;;
  status)
    pg_status_line
    kafka_status_line
    ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
