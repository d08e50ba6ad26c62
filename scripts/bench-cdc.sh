#!/usr/bin/env bash
# CDC benchmark (issue #14 item 7; not part of CI): the demo CRM and its Debezium connector
# (scripts/services.sh up cdc), a dedicated service on :8182 against the test database consuming
# crm-customers and bench-k-<run>, then bench/CdcBench: freshness (commit -> searchable) p50/p99 over
# CDC_CHANGES (default 1000) changes paced at CDC_RATE (default 20) a second, and throughput of CDC_BURST
# (default 1000) CRM inserts against the same rows in Tributary's own format, in one run.
# Writes docs/benchmarks-cdc.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
ensure_db_credentials
scripts/services.sh up postgres kafka
scripts/services.sh up cdc
say "building"
ensure_jar
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$REPO/target/bench-naive.cp" -Dmdep.includeScope=runtime
cp="target/classes:$(cat target/bench.cp):$(cat target/bench-naive.cp)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$cp" bench/src/io/tributary/bench/*.java

port=8182
db_url="${TRIBUTARY_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_bench}"
log="$STATE_DIR/bench-cdc-service.log"
run="$(date +%s)"
say "starting a service for the CDC benchmark on :$port (log $log)"
QUARKUS_HTTP_PORT=$port TRIBUTARY_DB_URL="$db_url" TRIBUTARY_KAFKA_SOURCES="crm-customers|bench-k-$run" \
  TRIBUTARY_KAFKA_GROUP_ID="bench-cdc-$run" TRIBUTARY_KAFKA_METADATA_MAX_AGE_MS=1000 \
  TRIBUTARY_REDACT_HMAC_KEY="bench-only-hmac-key-0123456789abcdefghij" \
  TRIBUTARY_AUDIT_HMAC_KEYS="bench:bench-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE=0 TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE=0 \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; say "the benchmark service exited"; exit 1; }
  sleep 1
done
out=docs/benchmarks-cdc.md
{
  echo "# CDC benchmark"
  echo
  echo "Run with \`scripts/bench-cdc.sh\` (env: \`CDC_CHANGES\`, \`CDC_RATE\`, \`CDC_BURST\`), on $(nproc) cores,"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown). Freshness: from the CRM commit returning"
  echo "to the client to the service's \`ingest.indexed\` audit entry of that row, written in the transaction"
  echo "that makes its chunks searchable (search reads the database), both on this machine's clock."
} >"$out"
DEBEZIUM_VERSION="${DEBEZIUM_VERSION:-3.6.1.Final}" java -Xmx512m -cp "target/bench-classes:$cp" \
  io.tributary.bench.CdcBench "$db_url" "$STATE_DIR/crm.env" "$run" \
  "${CDC_CHANGES:-1000}" "${CDC_RATE:-20}" "${CDC_BURST:-1000}" target/bench-cdc.md
cat target/bench-cdc.md >>"$out"
say "wrote $out"
