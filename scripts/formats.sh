#!/usr/bin/env bash
# Format coverage (not part of CI): every file of ../shared/corpora/documents through a real service
# on :8182 (test database), one upload per file; writes docs/formats.md. Exits 1 if any file fails
# with an HTTP error or an exception instead of being indexed or rejected with a reason.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

folder="${FORMATS_DIR:-$REPO/../shared/corpora/documents}"
[ -d "$folder" ] || { say "$folder not found (../shared/corpora is needed)"; exit 1; }
ensure_build_tools
ensure_db_credentials
scripts/services.sh up
say "building"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "target/classes:$(cat target/bench.cp)" bench/src/io/tributary/bench/FormatCoverage.java

port=8182
db_url="${TRIBUTARY_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_bench}"
log="$STATE_DIR/formats-service.log"
mkdir -p "$STATE_DIR"
say "starting a service on :$port (log $log)"
QUARKUS_HTTP_PORT=$port TRIBUTARY_DB_URL="$db_url" TRIBUTARY_KAFKA_ENABLED=false \
  TRIBUTARY_REDACT_HMAC_KEY="formats-only-hmac-key-0123456789abcdefghij" \
  TRIBUTARY_AUDIT_HMAC_KEYS="formats:formats-only-audit-hmac-key-0123456789abcdef" \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/live" >/dev/null 2>&1 && break
  sleep 1
done
BENCH_KEY="$(TRIBUTARY_DB_NAME="${db_url##*/}" scripts/keys.sh bootstrap "formats" "ingest,search" "" 1)"
export BENCH_KEY
java -cp "target/bench-classes:$(cat target/bench.cp)" io.tributary.bench.FormatCoverage \
  "http://127.0.0.1:$port" "$db_url" "$folder" docs/formats.md
