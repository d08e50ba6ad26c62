#!/usr/bin/env bash
# Local backing services for Tributary without Docker:
#   PostgreSQL 15 + pgvector (reused if already listening), a single-node KRaft Kafka broker and
#   Keycloak (the OIDC provider of the tests, realm config/keycloak/tributary-realm.json).
#   Only when asked: the CDC demo (docs/cdc.md) -- `crm`, a PostgreSQL cluster of its own for a demo CRM
#   (initdb under .services/crm-pg, wal_level=logical, seeded from config/crm/seed.sql), and `connect`, a
#   standalone Kafka Connect worker with the Debezium PostgreSQL connector capturing it into Kafka;
#   `cdc` means both (e.g. scripts/services.sh up cdc).
#
# Usage: scripts/services.sh up|down|status [postgres|kafka|keycloak|crm|connect|cdc|replica ...]
#        (default: postgres kafka keycloak; status and down also cover crm and connect)
#        scripts/services.sh secrets   writes only keycloak.env (see below) and prints its path
#
# Environment:
#   TRIBUTARY_STATE_DIR    state dir (default: <repo>/.services)
#   KAFKA_PORT             broker port (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   KAFKA_VERSION          Kafka version fetched from Maven (default 4.1.1)
#   KAFKA_HEAP             broker max heap (default 512m)
#   KAFKA_LOG_LEVEL        slf4j-simple level for the broker log (default info)
#   KEYCLOAK               0 leaves Keycloak out of the default set (default 1)
#   KEYCLOAK_PORT          Keycloak HTTP port on 127.0.0.1 (default 8180)
#   KEYCLOAK_MANAGEMENT_PORT  its health/management port on 127.0.0.1 (default 9180)
#   KEYCLOAK_VERSION       org.keycloak:keycloak-quarkus-dist version fetched from Maven (default 26.4.0)
#   KEYCLOAK_HEAP          Keycloak max heap (default 512m)
#   KEYCLOAK_JAVA_HOME     JDK that runs Keycloak (default: JAVA_HOME, else the java on PATH; 17 or 21:
#                          26.4 fails on Java 25 with IllegalAccessError in its thread pool)
#   KEYCLOAK_JAVA_OPTS     extra JVM options for Keycloak (default -XX:TieredStopAtLevel=1; empty: none)
#   CRM_PG_PORT            the demo CRM cluster's port on 127.0.0.1 (default 5433)
#   CONNECT_PORT           Kafka Connect's REST port on 127.0.0.1 (default 8083)
#   CONNECT_HEAP           Kafka Connect max heap (default 384m)
#   CONNECT_LOG_LEVEL      slf4j-simple level for the worker log (default info)
#   DEBEZIUM_VERSION       io.debezium:debezium-connector-postgres version fetched from Maven (default 3.6.1.Final)
#   CRM_TOPIC_PREFIX       Debezium's topic.prefix: topics <prefix>.public.customers|tickets (default crm)
#
# Keycloak's bootstrap admin, the demo users' passwords and the service client's secret are generated
# once per checkout into $TRIBUTARY_STATE_DIR/keycloak.env (mode 600), which the tests read; the CRM's
# roles' passwords likewise into $TRIBUTARY_STATE_DIR/crm.env.
#
# `down` stops only what `up` started (Kafka by its PID file, PostgreSQL only if recorded).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# REPO, STATE_DIR and the per-checkout secrets (ensure_db_credentials)
source "$SCRIPT_DIR/lib.sh"

PG_HOST=127.0.0.1
PG_PORT=5432
PG_MAJOR=15
DATABASES=(tributary tributary_test tributary_bench)

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
SLF4J_VERSION=1.7.36            # matches the slf4j-api 1.7.x that kafka_2.13 4.1.x pulls in
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

KEYCLOAK="${KEYCLOAK:-1}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.4.0}"
KEYCLOAK_HEAP="${KEYCLOAK_HEAP:-512m}"
KC_REALM=tributary
KC_REALM_FILE="$REPO/config/keycloak/$KC_REALM-realm.json"
KC_URL="http://127.0.0.1:$KEYCLOAK_PORT"
KC_DISCOVERY="$KC_URL/realms/$KC_REALM/.well-known/openid-configuration"

CRM_PG_PORT="${CRM_PG_PORT:-5433}"
REPLICA_PG_PORT="${REPLICA_PG_PORT:-5434}"
CONNECT_PORT="${CONNECT_PORT:-8083}"
CONNECT_HEAP="${CONNECT_HEAP:-384m}"
CONNECT_LOG_LEVEL="${CONNECT_LOG_LEVEL:-info}"
DEBEZIUM_VERSION="${DEBEZIUM_VERSION:-3.6.1.Final}"
CRM_TOPIC_PREFIX="${CRM_TOPIC_PREFIX:-crm}"
CONNECT_URL="http://127.0.0.1:$CONNECT_PORT"
CRM_CONNECTOR=crm

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_PID_FILE="$STATE_DIR/kafka.pid"
PG_STARTED_FILE="$STATE_DIR/postgres.started-by-us"
KC_DIR="$STATE_DIR/keycloak"
KC_HOME="$KC_DIR/keycloak-$KEYCLOAK_VERSION"
KC_LOG="$KC_DIR/keycloak.log"
KC_PID_FILE="$STATE_DIR/keycloak.pid"
KC_ENV_FILE="$STATE_DIR/keycloak.env"
CRM_DIR="$STATE_DIR/crm-pg"
CRM_PID_FILE="$STATE_DIR/crm-pg.pid"
REPLICA_DIR="$STATE_DIR/replica-pg"
REPLICA_PID_FILE="$STATE_DIR/replica-pg.pid"
CRM_ENV_FILE="$STATE_DIR/crm.env"
CONNECT_DIR="$STATE_DIR/connect"
CONNECT_LIB="$CONNECT_DIR/lib"
CONNECT_PLUGINS="$CONNECT_DIR/plugins"
CONNECT_LOG="$CONNECT_DIR/connect.log"
CONNECT_PID_FILE="$STATE_DIR/connect.pid"

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
# The process or any of its group (a launcher script's JVM can outlive the script).
group_alive() { pid_alive "${1:-}" || { [ -n "${1:-}" ] && kill -0 -- "-$1" 2>/dev/null; }; }
read_pid() { [ -f "$1" ] && cat "$1" || true; }

# start_detached PID_FILE LOG DIR COMMAND...: COMMAND runs in DIR in its own session (setsid), so it outlives
# the calling shell and no fd of ours stays open in it; its PID, which leads its process group, goes to PID_FILE.
start_detached() {
  local pid_file="$1" log_file="$2" dir="$3"
  shift 3
  (cd "$dir" || exit 1
   setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" "$@" >>"$log_file" 2>&1 </dev/null &
  ) >/dev/null 2>&1 </dev/null
}

# stop_started NAME PID_FILE: stops what start_detached started (TERM, KILL after 30 s), with the processes
# of its group (a launcher script's JVM); anything without a live PID file is not ours and is left alone.
stop_started() {
  local name="$1" pid_file="$2" pid target i
  pid="$(read_pid "$pid_file")"
  if ! group_alive "$pid"; then
    rm -f "$pid_file"
    log "$name: not started by us (no live PID file), left alone"
    return 0
  fi
  target="$pid"
  [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ] && target="-$pid"
  log "stopping $name (PID $pid)"
  kill -TERM -- "$target" 2>/dev/null || true
  for i in $(seq 1 30); do
    kill -0 -- "$target" 2>/dev/null || break
    sleep 1
  done
  if kill -0 -- "$target" 2>/dev/null; then
    log "$name did not stop within 30 s; sending KILL"
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

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

kafka_pid() { read_pid "$KAFKA_PID_FILE"; }

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
    start_detached "$KAFKA_PID_FILE" "$KAFKA_DIR/kafka.log" "$KAFKA_DIR" \
      "$JAVA" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
      -Dorg.slf4j.simpleLogger.defaultLogLevel="$KAFKA_LOG_LEVEL" \
      -Dorg.slf4j.simpleLogger.showDateTime=true \
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties"
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

kafka_down() { stop_started Kafka "$KAFKA_PID_FILE"; }

# ---------------------------------------------------------------- Keycloak

kc_pid() { read_pid "$KC_PID_FILE"; }

ensure_curl() { command -v curl >/dev/null 2>&1 || apt_install curl; }

# Downloads org.keycloak:keycloak-quarkus-dist (a zip) through Maven's local repository and unpacks it once.
fetch_keycloak() {
  [ -f "$KC_HOME/.complete" ] && return 0
  local t0 fetch="$KC_DIR/fetch" zip
  t0=$(date +%s)
  log "fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist zip) with Maven"
  rm -rf "$fetch" "$KC_HOME"
  mkdir -p "$fetch"
  (cd "$fetch" && mvn -q -B "$DEP_PLUGIN:copy" \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$fetch" >"$fetch/mvn.log" 2>&1) \
    || { tail -n 30 "$fetch/mvn.log" >&2; die "Maven could not fetch Keycloak (log: $fetch/mvn.log)"; }
  zip="$fetch/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  [ -f "$zip" ] || die "Keycloak zip missing after fetch"
  log "unpacking Keycloak into $KC_DIR"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$KC_DIR"
  else
    (cd "$KC_DIR" && jar xf "$zip")
  fi
  [ -f "$KC_HOME/bin/kc.sh" ] || die "bin/kc.sh missing in $KC_HOME after unpacking"
  chmod +x "$KC_HOME"/bin/*.sh
  rm -rf "$fetch"
  touch "$KC_HOME/.complete"
  log "Keycloak $KEYCLOAK_VERSION ready in $KC_HOME after $(( $(date +%s) - t0 )) s"
}

kc_secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
kc_env_value() { [ -f "$KC_ENV_FILE" ] && sed -n "s/^$1=//p" "$KC_ENV_FILE" | head -n1 || true; }

# keycloak.env: the address and this checkout's generated secrets (kept from the previous file, else new):
# the bootstrap admin of the master realm, the demo users' passwords and the ingester client's secret,
# which the realm file takes as ${...} placeholders when it is imported. The tests read this file.
write_kc_env() {
  local name value admin
  admin="$(kc_env_value KC_BOOTSTRAP_ADMIN_USERNAME)"
  mkdir -p "$STATE_DIR"
  (umask 077
   {
     echo "# generated by scripts/services.sh: the local Keycloak of this checkout (test realm, demo users only)"
     echo "KEYCLOAK_URL=$KC_URL"
     echo "KEYCLOAK_REALM=$KC_REALM"
     echo "KC_BOOTSTRAP_ADMIN_USERNAME=${admin:-admin}"
     for name in KC_BOOTSTRAP_ADMIN_PASSWORD KEYCLOAK_ALICE_PASSWORD KEYCLOAK_BOB_PASSWORD \
                 KEYCLOAK_CAROL_PASSWORD KEYCLOAK_INGESTER_SECRET; do
       value="$(kc_env_value "$name")"
       echo "$name=${value:-$(kc_secret)}"
     done
   } >"$KC_ENV_FILE.tmp")
  mv "$KC_ENV_FILE.tmp" "$KC_ENV_FILE"
}

# The realm is imported only into an empty database; when the realm file or the secrets changed since the
# last import, the (dev-file H2) database is dropped so that this start imports the repository's realm again.
prepare_kc_realm() {
  local sum marker="$KC_DIR/realm.sha256"
  sum="$( { cat "$KC_REALM_FILE"; grep -v '^KEYCLOAK_URL=' "$KC_ENV_FILE"; } | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$marker" 2>/dev/null)" != "$sum" ]; then
    if [ -d "$KC_HOME/data/h2" ]; then
      log "realm file or secrets changed since the last import: starting Keycloak on a fresh database"
    fi
    rm -rf "$KC_HOME/data/h2"
  fi
  mkdir -p "$KC_HOME/data/import"
  rm -f "$KC_HOME"/data/import/*.json
  cp "$KC_REALM_FILE" "$KC_HOME/data/import/"
  echo "$sum" >"$marker"
}

kc_discovery_ok() { curl -sf --max-time 3 -o /dev/null "$KC_DISCOVERY"; }

# A client-credentials grant with this checkout's ingester secret: does this Keycloak hold our realm?
kc_knows_our_secrets() {
  curl -sf --max-time 5 -o /dev/null "$KC_URL/realms/$KC_REALM/protocol/openid-connect/token" \
    -d grant_type=client_credentials -d client_id=tributary-ingester \
    --data-urlencode "client_secret=$(kc_env_value KEYCLOAK_INGESTER_SECRET)"
}

# A Keycloak whose database was imported from an older realm file lacks the clients added since (the realm
# is imported only into an empty database): each client of the realm file that the running realm does not
# have is created through the admin API, with the checkout's secrets in its placeholders. Idempotent; a
# Keycloak whose admin refuses this checkout's bootstrap admin is left as it is, with a warning.
kc_ensure_clients() {
  local admin_token
  admin_token="$(curl -sf --max-time 10 "$KC_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$(kc_env_value KC_BOOTSTRAP_ADMIN_USERNAME)" \
    --data-urlencode "password=$(kc_env_value KC_BOOTSTRAP_ADMIN_PASSWORD)" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' 2>/dev/null)" \
    || { log "warning: Keycloak's admin refuses this checkout's bootstrap admin: realm clients not checked"; return 0; }
  KC_ADMIN_TOKEN="$admin_token" KC_URL="$KC_URL" KC_REALM="$KC_REALM" KC_ENV_FILE="$KC_ENV_FILE" \
    python3 - "$KC_REALM_FILE" <<'PY' || log "warning: could not add the realm file's missing clients to Keycloak"
import json, os, re, sys, urllib.parse, urllib.request
env = {}
for line in open(os.environ["KC_ENV_FILE"]):
    if "=" in line and not line.startswith("#"):
        k, v = line.rstrip("\n").split("=", 1)
        env[k] = v
text = re.sub(r"\$\{([A-Z0-9_]+)\}", lambda m: env.get(m.group(1), m.group(0)), open(sys.argv[1]).read())
base = os.environ["KC_URL"] + "/admin/realms/" + os.environ["KC_REALM"] + "/clients"
auth = {"Authorization": "Bearer " + os.environ["KC_ADMIN_TOKEN"], "Content-Type": "application/json"}
for client in json.loads(text).get("clients", []):
    query = base + "?" + urllib.parse.urlencode({"clientId": client["clientId"]})
    with urllib.request.urlopen(urllib.request.Request(query, headers=auth), timeout=10) as r:
        if json.load(r):
            continue
    body = json.dumps(client).encode()
    urllib.request.urlopen(urllib.request.Request(base, data=body, headers=auth, method="POST"), timeout=10)
    print("added client " + client["clientId"] + " to realm " + os.environ["KC_REALM"])
PY
}

keycloak_up() {
  KC_HOW=""
  local pid t0
  t0=$(date +%s)
  ensure_curl
  [ -f "$KC_REALM_FILE" ] || die "realm file $KC_REALM_FILE missing"
  write_kc_env
  pid="$(kc_pid)"
  if group_alive "$pid" && kc_discovery_ok; then
    KC_HOW="started by us, PID $pid"
    log "Keycloak already answering on $KC_URL ($KC_HOW)"
    kc_ensure_clients
    return 0
  fi
  if port_open 127.0.0.1 "$KEYCLOAK_PORT" && ! group_alive "$pid"; then
    kc_discovery_ok && kc_knows_our_secrets \
      || die "something else listens on 127.0.0.1:$KEYCLOAK_PORT without this checkout's realm $KC_REALM and secrets" \
             "(a Keycloak of another checkout?): stop it, or set KEYCLOAK_PORT"
    KC_HOW="reused"
    log "Keycloak already answering on $KC_URL with realm $KC_REALM (reused)"
    kc_ensure_clients
    return 0
  fi
  if ! group_alive "$pid"; then
    rm -f "$KC_PID_FILE"
    fetch_keycloak
    prepare_kc_realm
    local java_home="${KEYCLOAK_JAVA_HOME:-${JAVA_HOME:-}}"
    log "starting Keycloak $KEYCLOAK_VERSION on $KC_URL (management 127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT)"
    # Secrets reach Keycloak only through its environment: the bootstrap admin, and the realm's placeholders.
    # --hostname pins the issuer to the address the tests use; dev-file H2 keeps the realm between starts.
    (set -a
     # shellcheck disable=SC1090
     . "$KC_ENV_FILE"
     set +a
     unset KEYCLOAK_URL KEYCLOAK_REALM
     export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx$KEYCLOAK_HEAP"
     # C1 only: on 2 busy cores Keycloak answers in about half the time, and a token costs ~0.1 s more.
     export JAVA_OPTS_APPEND="${KEYCLOAK_JAVA_OPTS--XX:TieredStopAtLevel=1}"
     if [ -n "$java_home" ]; then export JAVA_HOME="$java_home"; fi
     start_detached "$KC_PID_FILE" "$KC_LOG" "$KC_DIR" \
       "$KC_HOME/bin/kc.sh" start-dev \
       --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
       --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
       --hostname="$KC_URL" --health-enabled=true --import-realm)
  else
    log "Keycloak process $pid exists but its realm does not answer yet; waiting"
  fi
  local i
  for i in $(seq 1 240); do
    kc_discovery_ok && break
    pid="$(kc_pid)"
    if [ "$i" -gt 2 ] && ! group_alive "$pid"; then
      tail -n 30 "$KC_LOG" >&2
      die "Keycloak exited during start-up (log: $KC_LOG)"
    fi
    sleep 1
  done
  kc_discovery_ok || die "Keycloak's realm $KC_REALM did not answer within 240 s (log: $KC_LOG)"
  kc_knows_our_secrets || die "Keycloak answers but refuses this checkout's ingester secret (log: $KC_LOG)"
  pid="$(kc_pid)"
  KC_HOW="started by us, PID $pid"
  log "Keycloak realm $KC_REALM answering after $(( $(date +%s) - t0 )) s"
  kc_ensure_clients
}

keycloak_status_line() {
  local pid how="" health
  pid="$(kc_pid)"
  group_alive "$pid" && how="started by us, PID $pid"
  if port_open 127.0.0.1 "$KEYCLOAK_PORT"; then
    health="$(curl -s --max-time 3 "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready" 2>/dev/null \
      | sed -n 's/.*"status"[^"]*"\([A-Z]*\)".*/\1/p' | head -n1)"
    if kc_discovery_ok; then
      echo "keycloak: running  $KC_URL  (${how:-reused}; realm $KC_REALM answering; health ${health:-unknown})"
    else
      echo "keycloak: running  $KC_URL  (${how:-reused}; realm $KC_REALM NOT answering; health ${health:-unknown})"
    fi
  elif [ -n "$how" ]; then
    echo "keycloak: starting (port not answering yet)  $KC_URL  ($how)"
  else
    echo "keycloak: not running  $KC_URL"
  fi
}

keycloak_down() { stop_started Keycloak "$KC_PID_FILE"; }

# ---------------------------------------------------------------- CRM (the CDC demo's source system)
# A PostgreSQL cluster of its own (initdb under $CRM_DIR, port $CRM_PG_PORT, wal_level=logical), leaving
# Tributary's database alone, seeded once with config/crm/seed.sql. Started only when asked (`up crm`).

crm_pg_bin() { echo "/usr/lib/postgresql/$PG_MAJOR/bin/$1"; }
crm_pid() { read_pid "$CRM_PID_FILE"; }
crm_ready() { pg_isready -q -h 127.0.0.1 -p "$CRM_PG_PORT" >/dev/null 2>&1; }

# Runs a command as the cluster's OS owner: postgres when we are root (initdb refuses root), else ourselves.
as_crm_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd /tmp && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
# psql as the cluster's superuser over its private socket directory.
crm_psql() {
  as_crm_owner "$(crm_pg_bin psql)" -h "$CRM_DIR/run" -p "$CRM_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -Atq "$@"
}

# crm.env: this checkout's CRM passwords (kept from the previous file, else new); the tests and the demo read it.
write_crm_env() {
  local name value
  mkdir -p "$STATE_DIR"
  (umask 077
   {
     echo "# generated by scripts/services.sh: the demo CRM cluster of this checkout (CDC source, docs/cdc.md)"
     echo "CRM_JDBC_URL=jdbc:postgresql://127.0.0.1:$CRM_PG_PORT/crm"
     echo "CRM_PG_PORT=$CRM_PG_PORT"
     echo "CRM_USER=crm"
     for name in CRM_PASSWORD CRM_DEBEZIUM_PASSWORD; do
       value="$(crm_env_value "$name")"
       echo "$name=${value:-$(kc_secret)}"
     done
     echo "CONNECT_URL=$CONNECT_URL"
     echo "CRM_TOPIC_PREFIX=$CRM_TOPIC_PREFIX"
   } >"$CRM_ENV_FILE.tmp")
  mv "$CRM_ENV_FILE.tmp" "$CRM_ENV_FILE"
}
crm_env_value() { [ -f "$CRM_ENV_FILE" ] && sed -n "s/^$1=//p" "$CRM_ENV_FILE" | head -n1 || true; }

crm_init() {
  local t0
  t0=$(date +%s)
  pkg_installed "postgresql-$PG_MAJOR" || apt_install "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR"
  log "creating the CRM cluster in $CRM_DIR/data (initdb)"
  rm -rf "$CRM_DIR/data"
  mkdir -p "$CRM_DIR/data" "$CRM_DIR/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$CRM_DIR"
  chmod 700 "$CRM_DIR/data"
  as_crm_owner "$(crm_pg_bin initdb)" -D "$CRM_DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$CRM_DIR/initdb.log" 2>&1 \
    || { tail -n 20 "$CRM_DIR/initdb.log" >&2; die "initdb of the CRM cluster failed (log: $CRM_DIR/initdb.log)"; }
  cat >>"$CRM_DIR/data/postgresql.conf" <<EOF
# added by scripts/services.sh: the demo CRM, captured by Debezium through logical decoding (pgoutput)
listen_addresses = '127.0.0.1'
port = $CRM_PG_PORT
unix_socket_directories = '$CRM_DIR/run'
wal_level = logical
max_replication_slots = 4
max_wal_senders = 4
max_connections = 30
shared_buffers = 32MB
EOF
  log "CRM cluster initialised in $(( $(date +%s) - t0 )) s"
}

crm_seed() {
  log "seeding the CRM database (config/crm/seed.sql)"
  local crm_pw dbz_pw
  crm_pw="$(crm_env_value CRM_PASSWORD)"
  dbz_pw="$(crm_env_value CRM_DEBEZIUM_PASSWORD)"
  # passwords on stdin, not in the command line
  { printf "CREATE ROLE crm LOGIN PASSWORD '%s';\n" "$crm_pw"
    printf "CREATE ROLE debezium LOGIN REPLICATION PASSWORD '%s';\n" "$dbz_pw"
    echo "CREATE DATABASE crm OWNER crm;"; } | crm_psql -d postgres >/dev/null \
    || die "creating the CRM roles and database failed"
  crm_psql -d crm <"$REPO/config/crm/seed.sql" >/dev/null \
    || die "config/crm/seed.sql failed on the CRM cluster (127.0.0.1:$CRM_PG_PORT)"
  touch "$CRM_DIR/seeded"
}

crm_up() {
  CRM_HOW=""
  local pid
  pid="$(crm_pid)"
  write_crm_env
  if crm_ready; then
    pid_alive "$pid" || die "something else listens on 127.0.0.1:$CRM_PG_PORT (not this checkout's CRM cluster):" \
      "stop it, or set CRM_PG_PORT"
    CRM_HOW="started by us, PID $pid"
    log "CRM cluster already answering on 127.0.0.1:$CRM_PG_PORT ($CRM_HOW)"
  else
    [ -f "$CRM_DIR/data/PG_VERSION" ] || crm_init
    rm -f "$CRM_PID_FILE"
    log "starting the CRM cluster on 127.0.0.1:$CRM_PG_PORT"
    [ "$(id -u)" -eq 0 ] && { touch "$CRM_DIR/postgres.log"; chown postgres:postgres "$CRM_DIR/postgres.log"; }
    as_crm_owner "$(crm_pg_bin pg_ctl)" -D "$CRM_DIR/data" -l "$CRM_DIR/postgres.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$CRM_DIR/postgres.log" >&2; die "the CRM cluster did not start (log: $CRM_DIR/postgres.log)"; }
    head -n1 "$CRM_DIR/data/postmaster.pid" >"$CRM_PID_FILE"
    CRM_HOW="started by us, PID $(crm_pid)"
  fi
  if [ ! -f "$CRM_DIR/seeded" ]; then crm_seed; fi
  # the passwords of crm.env, set on every up (a regenerated crm.env must not lock the tests out)
  { printf "ALTER ROLE crm PASSWORD '%s';\n" "$(crm_env_value CRM_PASSWORD)"
    printf "ALTER ROLE debezium PASSWORD '%s';\n" "$(crm_env_value CRM_DEBEZIUM_PASSWORD)"; } \
    | crm_psql -d postgres >/dev/null || die "setting the CRM roles' passwords failed"
}

crm_status_line() {
  local pid how="reused"
  pid="$(crm_pid)"
  pid_alive "$pid" && how="started by us, PID $pid"
  if crm_ready; then
    echo "crm: running  127.0.0.1:$CRM_PG_PORT  ($how; data $CRM_DIR/data; wal_level $(crm_psql -d postgres -c 'show wal_level' 2>/dev/null || echo unknown))"
  else
    echo "crm: not running  127.0.0.1:$CRM_PG_PORT"
  fi
}

# Stops a PostgreSQL cluster this checkout started, by the PID in its file: SIGINT is PostgreSQL's fast
# shutdown (it does not wait for replication connections, such as the connector's), SIGQUIT after 30 s.
pg_cluster_down() {
  local what="$1" pid_file="$2" pid i
  pid="$(read_pid "$pid_file")"
  if ! pid_alive "$pid"; then
    rm -f "$pid_file"
    log "$what: not started by us (no live PID file), left alone"
    return 0
  fi
  log "stopping the $what (PID $pid, fast shutdown)"
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 30); do pid_alive "$pid" || break; sleep 1; done
  if pid_alive "$pid"; then
    log "$what did not stop within 30 s; immediate shutdown"
    kill -QUIT "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}
crm_down() { pg_cluster_down "CRM cluster" "$CRM_PID_FILE"; }

# ---------------------------------------------------------------- search replica
# A PostgreSQL streaming replica (hot standby) of the local cluster, for searches that read a replica
# (tributary.search.replica.url; docs/operations.md#scaling-out): pg_basebackup into $REPLICA_DIR/data,
# port $REPLICA_PG_PORT, streaming from 127.0.0.1:$PG_PORT. Started only when asked (`up replica`); the
# primary's pg_hba gets a replication line for 127.0.0.1 (the superuser, as its other local lines).
replica_pid() { read_pid "$REPLICA_PID_FILE"; }
replica_ready() { pg_isready -q -h 127.0.0.1 -p "$REPLICA_PG_PORT" >/dev/null 2>&1; }

replica_allow_replication() {
  local hba
  hba="$(psql_su -d postgres -c 'show hba_file')"
  if ! as_root grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    log "allowing streaming replication from 127.0.0.1 for postgres in $hba"
    echo "host replication postgres 127.0.0.1/32 trust  # scripts/services.sh: the search replica" \
      | as_root tee -a "$hba" >/dev/null
    psql_su -d postgres -c 'select pg_reload_conf()' >/dev/null
  fi
}

replica_init() {
  local t0
  t0=$(date +%s)
  replica_allow_replication
  log "copying the primary into $REPLICA_DIR/data (pg_basebackup)"
  rm -rf "$REPLICA_DIR/data"
  mkdir -p "$REPLICA_DIR/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$REPLICA_DIR"
  as_crm_owner "$(crm_pg_bin pg_basebackup)" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DIR/data" \
    -X stream -R -c fast >"$REPLICA_DIR/basebackup.log" 2>&1 \
    || { tail -n 20 "$REPLICA_DIR/basebackup.log" >&2; die "pg_basebackup failed (log: $REPLICA_DIR/basebackup.log)"; }
  # A Debian cluster keeps its configuration outside its data directory: the replica gets its own.
  # A standby refuses to start with fewer connections, workers or locks than its primary: copy those.
  local same
  same="$(psql_su -d postgres -c "select string_agg(name || ' = ' || setting, E'\n') from pg_settings where name in
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
     'max_locks_per_transaction')")"
  printf '%s\n' "# written by scripts/services.sh: a hot standby of 127.0.0.1:$PG_PORT for searches" \
    "listen_addresses = '127.0.0.1'" "port = $REPLICA_PG_PORT" "unix_socket_directories = '$REPLICA_DIR/run'" \
    "hot_standby = on" "shared_buffers = 64MB" "$same" \
    | as_crm_owner tee "$REPLICA_DIR/data/postgresql.conf" >/dev/null
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_crm_owner tee "$REPLICA_DIR/data/pg_hba.conf" >/dev/null
  as_crm_owner touch "$REPLICA_DIR/data/pg_ident.conf"
  log "replica copied in $(( $(date +%s) - t0 )) s"
}

replica_up() {
  REPLICA_HOW=""
  local pid
  pid="$(replica_pid)"
  if replica_ready; then
    pid_alive "$pid" || die "something else listens on 127.0.0.1:$REPLICA_PG_PORT (not this checkout's replica):" \
      "stop it, or set REPLICA_PG_PORT"
    REPLICA_HOW="started by us, PID $pid"
    log "search replica already answering on 127.0.0.1:$REPLICA_PG_PORT"
    return 0
  fi
  # a fresh copy on every start: a standby that missed WAL the primary has recycled cannot catch up
  replica_init
  rm -f "$REPLICA_PID_FILE"
  log "starting the search replica on 127.0.0.1:$REPLICA_PG_PORT"
  [ "$(id -u)" -eq 0 ] && { touch "$REPLICA_DIR/postgres.log"; chown postgres:postgres "$REPLICA_DIR/postgres.log"; }
  as_crm_owner "$(crm_pg_bin pg_ctl)" -D "$REPLICA_DIR/data" -l "$REPLICA_DIR/postgres.log" -w -t 120 start >/dev/null \
    || { tail -n 20 "$REPLICA_DIR/postgres.log" >&2; die "the search replica did not start (log: $REPLICA_DIR/postgres.log)"; }
  head -n1 "$REPLICA_DIR/data/postmaster.pid" >"$REPLICA_PID_FILE"
  REPLICA_HOW="started by us, PID $(replica_pid)"
}

replica_status_line() {
  local pid how="reused"
  pid="$(replica_pid)"
  pid_alive "$pid" && how="started by us, PID $pid"
  if replica_ready; then
    echo "replica: running  127.0.0.1:$REPLICA_PG_PORT  ($how; hot standby of 127.0.0.1:$PG_PORT)"
  else
    echo "replica: not running  127.0.0.1:$REPLICA_PG_PORT"
  fi
}

replica_down() { pg_cluster_down "search replica" "$REPLICA_PID_FILE"; }

# ---------------------------------------------------------------- Kafka Connect + Debezium
# A standalone Kafka Connect worker (org.apache.kafka:connect-runtime) with the Debezium PostgreSQL connector
# (io.debezium:debezium-connector-postgres, plugin pgoutput) in its plugin path, capturing the CRM's tables into
# topics $CRM_TOPIC_PREFIX.public.<table> on the broker. Offsets in $CONNECT_DIR/offsets.dat; the connector is
# (re)registered through the REST API on every `up` (PUT is idempotent). Started only when asked (`up connect`).

connect_pid() { read_pid "$CONNECT_PID_FILE"; }
connect_ready() { curl -sf --max-time 3 -o /dev/null "$CONNECT_URL/"; }

fetch_connect() {
  local marker="$CONNECT_DIR/.complete-$KAFKA_VERSION-$DEBEZIUM_VERSION"
  [ -f "$marker" ] && return 0
  local t0 fetch="$CONNECT_DIR/fetch"
  t0=$(date +%s)
  log "fetching Kafka Connect $KAFKA_VERSION and Debezium $DEBEZIUM_VERSION with Maven"
  mkdir -p "$fetch/worker" "$fetch/debezium"
  cat >"$fetch/worker/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/services.sh: only used to download the Kafka Connect worker jars -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tributary</groupId>
  <artifactId>connect-worker-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-json</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  cat >"$fetch/debezium/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/services.sh: only used to download the Debezium PostgreSQL connector plugin -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.tributary</groupId>
  <artifactId>debezium-postgres-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>io.debezium</groupId><artifactId>debezium-connector-postgres</artifactId><version>$DEBEZIUM_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  rm -rf "$CONNECT_LIB" "$CONNECT_PLUGINS"
  mkdir -p "$CONNECT_LIB" "$CONNECT_PLUGINS/debezium-connector-postgres"
  mvn -q -B -f "$fetch/worker/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$CONNECT_LIB" -DincludeScope=runtime >"$fetch/mvn.log" 2>&1 \
    || { tail -n 30 "$fetch/mvn.log" >&2; die "Maven could not fetch Kafka Connect (log: $fetch/mvn.log)"; }
  # The worker provides the Connect API, the Kafka clients and slf4j: the plugin must not bring its own.
  mvn -q -B -f "$fetch/debezium/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
    -DoutputDirectory="$CONNECT_PLUGINS/debezium-connector-postgres" -DincludeScope=runtime \
    -DexcludeGroupIds=org.apache.kafka,org.slf4j >>"$fetch/mvn.log" 2>&1 \
    || { tail -n 30 "$fetch/mvn.log" >&2; die "Maven could not fetch Debezium (log: $fetch/mvn.log)"; }
  ls "$CONNECT_LIB/connect-runtime-$KAFKA_VERSION.jar" >/dev/null 2>&1 || die "connect-runtime jar missing after fetch"
  ls "$CONNECT_PLUGINS/debezium-connector-postgres/debezium-connector-postgres-$DEBEZIUM_VERSION.jar" >/dev/null 2>&1 \
    || die "debezium-connector-postgres jar missing after fetch"
  touch "$marker"
  log "Connect and Debezium jars fetched ($(ls "$CONNECT_LIB"/*.jar | wc -l) + \
$(ls "$CONNECT_PLUGINS"/debezium-connector-postgres/*.jar | wc -l) jars) in $(( $(date +%s) - t0 )) s"
}

write_connect_config() {
  mkdir -p "$CONNECT_DIR"
  cat >"$CONNECT_DIR/worker.properties" <<EOF
# generated by scripts/services.sh: a standalone Kafka Connect worker for the CRM's change events
bootstrap.servers=127.0.0.1:$KAFKA_PORT
listeners=http://127.0.0.1:$CONNECT_PORT
plugin.path=$CONNECT_PLUGINS
plugin.discovery=hybrid_warn
offset.storage.file.filename=$CONNECT_DIR/offsets.dat
offset.flush.interval.ms=1000
# The Kafka Connect JSON envelope ({"schema":...,"payload":...}) on keys and values: format debezium reads it.
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
# a change reaches the broker at once (freshness is measured from commit to searchable)
producer.linger.ms=5
EOF
  (umask 077
   cat >"$CONNECT_DIR/crm-connector.json" <<EOF
{
  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
  "tasks.max": "1",
  "plugin.name": "pgoutput",
  "database.hostname": "127.0.0.1",
  "database.port": "$CRM_PG_PORT",
  "database.user": "debezium",
  "database.password": "$(crm_env_value CRM_DEBEZIUM_PASSWORD)",
  "database.dbname": "crm",
  "topic.prefix": "$CRM_TOPIC_PREFIX",
  "table.include.list": "public.customers,public.tickets",
  "publication.name": "tributary_crm",
  "publication.autocreate.mode": "disabled",
  "slot.name": "tributary_crm",
  "snapshot.mode": "initial",
  "tombstones.on.delete": "true",
  "heartbeat.interval.ms": "10000",
  "poll.interval.ms": "100",
  "topic.creation.default.replication.factor": "1",
  "topic.creation.default.partitions": "1"
}
EOF
  )
}

connect_status() { curl -sf --max-time 5 "$CONNECT_URL/connectors/$CRM_CONNECTOR/status" 2>/dev/null || true; }
# RUNNING when the connector and its one task run; FAILED (with the task's trace) when either failed.
connect_state() {
  connect_status | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)
except Exception:
    print("UNKNOWN"); sys.exit()
states = [s["connector"]["state"]] + [t["state"] for t in s.get("tasks", [])]
if "FAILED" in states: print("FAILED")
elif s.get("tasks") and all(x == "RUNNING" for x in states): print("RUNNING")
else: print("/".join(states))'
}

register_crm_connector() {
  local code i state
  code="$(curl -s -o "$CONNECT_DIR/register.out" -w '%{http_code}' --max-time 30 -X PUT \
    -H 'Content-Type: application/json' --data @"$CONNECT_DIR/crm-connector.json" \
    "$CONNECT_URL/connectors/$CRM_CONNECTOR/config")"
  case "$code" in
    200|201) ;;
    *) cat "$CONNECT_DIR/register.out" >&2; die "registering connector $CRM_CONNECTOR answered HTTP $code (log: $CONNECT_LOG)" ;;
  esac
  for i in $(seq 1 60); do
    state="$(connect_state)"
    [ "$state" = RUNNING ] && break
    if [ "$state" = FAILED ]; then
      connect_status | python3 -c 'import json,sys; s=json.load(sys.stdin); [print(t.get("trace","")[:1500], file=sys.stderr) for t in [s["connector"]] + s.get("tasks", [])]'
      die "connector $CRM_CONNECTOR FAILED (log: $CONNECT_LOG)"
    fi
    sleep 1
  done
  [ "$state" = RUNNING ] || die "connector $CRM_CONNECTOR not RUNNING within 60 s (state $state; log: $CONNECT_LOG)"
  log "connector $CRM_CONNECTOR RUNNING: topics $CRM_TOPIC_PREFIX.public.customers, $CRM_TOPIC_PREFIX.public.tickets"
}

connect_up() {
  CONNECT_HOW=""
  local pid t0 i
  t0=$(date +%s)
  ensure_curl
  port_open 127.0.0.1 "$KAFKA_PORT" || die "Kafka Connect needs the broker on 127.0.0.1:$KAFKA_PORT (scripts/services.sh up kafka)"
  crm_ready || die "Kafka Connect needs the CRM cluster on 127.0.0.1:$CRM_PG_PORT (scripts/services.sh up crm)"
  [ -f "$CRM_ENV_FILE" ] || die "$CRM_ENV_FILE missing (scripts/services.sh up crm writes it)"
  pid="$(connect_pid)"
  fetch_connect
  write_connect_config
  if connect_ready; then
    group_alive "$pid" || die "something else answers on $CONNECT_URL (not this checkout's worker): stop it, or set CONNECT_PORT"
    CONNECT_HOW="started by us, PID $pid"
    log "Kafka Connect already answering on $CONNECT_URL ($CONNECT_HOW)"
  else
    if ! group_alive "$pid"; then
      rm -f "$CONNECT_PID_FILE"
      log "starting Kafka Connect (standalone) on $CONNECT_URL"
      start_detached "$CONNECT_PID_FILE" "$CONNECT_LOG" "$CONNECT_DIR" \
        "$JAVA" "-Xmx$CONNECT_HEAP" -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
        -Dorg.slf4j.simpleLogger.defaultLogLevel="$CONNECT_LOG_LEVEL" \
        -Dorg.slf4j.simpleLogger.showDateTime=true \
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS" \
        -cp "$CONNECT_LIB/*" org.apache.kafka.connect.cli.ConnectStandalone "$CONNECT_DIR/worker.properties"
    fi
    for i in $(seq 1 120); do
      connect_ready && break
      pid="$(connect_pid)"
      if [ "$i" -gt 2 ] && ! group_alive "$pid"; then
        tail -n 30 "$CONNECT_LOG" >&2
        die "Kafka Connect exited during start-up (log: $CONNECT_LOG)"
      fi
      sleep 1
    done
    connect_ready || die "Kafka Connect did not answer on $CONNECT_URL within 120 s (log: $CONNECT_LOG)"
    CONNECT_HOW="started by us, PID $(connect_pid)"
  fi
  register_crm_connector
  log "Kafka Connect ready after $(( $(date +%s) - t0 )) s"
}

connect_status_line() {
  local pid how=""
  pid="$(connect_pid)"
  group_alive "$pid" && how="started by us, PID $pid"
  if connect_ready; then
    echo "connect: running  $CONNECT_URL  (${how:-reused}; connector $CRM_CONNECTOR $(connect_state))"
  elif [ -n "$how" ]; then
    echo "connect: starting (REST not answering yet)  $CONNECT_URL  ($how)"
  else
    echo "connect: not running  $CONNECT_URL"
  fi
}

connect_down() { stop_started "Kafka Connect" "$CONNECT_PID_FILE"; }

# ---------------------------------------------------------------- main

cmd="${1:-}"
[ "$#" -gt 0 ] && shift
if [ "$#" -gt 0 ]; then
  COMPONENTS=()
  for c in "$@"; do
    if [ "$c" = cdc ]; then COMPONENTS+=(crm connect); else COMPONENTS+=("$c"); fi
  done
elif [ "$cmd" = up ]; then
  COMPONENTS=(postgres kafka keycloak)
  # KEYCLOAK=0 only keeps `up` from starting it; down and status still cover it.
  if [ "$KEYCLOAK" = 0 ]; then COMPONENTS=(postgres kafka); fi
else
  # the CDC demo's services start only when named, but down and status cover them
  COMPONENTS=(postgres kafka keycloak crm connect replica)
fi
for c in "${COMPONENTS[@]}"; do
  case "$c" in
    postgres|kafka|keycloak|crm|connect|replica) ;;
    *) echo "unknown service '$c' (postgres, kafka, keycloak, crm, connect, cdc, replica)" >&2; exit 2 ;;
  esac
done
wants() { local c; for c in "${COMPONENTS[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }

case "$cmd" in
  up)
    mkdir -p "$STATE_DIR"
    if wants postgres; then pg_up; fi
    if wants kafka; then kafka_up; fi
    if wants keycloak; then keycloak_up; fi
    if wants crm; then crm_up; fi
    if wants connect; then connect_up; fi
    if wants replica; then replica_up; fi
    if wants postgres; then
      echo "postgresql: $PG_HOST:$PG_PORT ($PG_HOW; databases ${DATABASES[*]}, owner $TRIBUTARY_DB_OWNER, service role $TRIBUTARY_DB_USER, vector ready)"
    fi
    if wants kafka; then echo "kafka: 127.0.0.1:$KAFKA_PORT ($KAFKA_HOW)"; fi
    if wants keycloak; then
      echo "keycloak: $KC_URL ($KC_HOW; issuer $KC_URL/realms/$KC_REALM; secrets in $KC_ENV_FILE)"
    fi
    if wants crm; then echo "crm: 127.0.0.1:$CRM_PG_PORT ($CRM_HOW; database crm, user crm; secrets in $CRM_ENV_FILE)"; fi
    if wants replica; then echo "replica: 127.0.0.1:$REPLICA_PG_PORT ($REPLICA_HOW; hot standby of 127.0.0.1:$PG_PORT)"; fi
    if wants connect; then
      echo "connect: $CONNECT_URL ($CONNECT_HOW; connector $CRM_CONNECTOR -> $CRM_TOPIC_PREFIX.public.customers|tickets)"
    fi
    ;;
  down)
    if wants replica; then replica_down; fi
    if wants connect; then connect_down; fi
    if wants crm; then crm_down; fi
    if wants keycloak; then keycloak_down; fi
    if wants kafka; then kafka_down; fi
    if wants postgres; then pg_down; fi
    ;;
  secrets)
    # Only keycloak.env, e.g. for docker-compose's keycloak service (env_file), without starting anything.
    write_kc_env
    echo "$KC_ENV_FILE"
    ;;
  status)
    if wants postgres; then pg_status_line; fi
    if wants kafka; then kafka_status_line; fi
    if wants keycloak; then keycloak_status_line; fi
    if wants crm; then crm_status_line; fi
    if wants connect; then connect_status_line; fi
    if wants replica; then replica_status_line; fi
    ;;
  *)
    echo "usage: $0 up|down|status [postgres|kafka|keycloak|crm|connect|cdc ...] | secrets" >&2
    exit 2
    ;;
esac
