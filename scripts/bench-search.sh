#!/usr/bin/env bash
# Search benchmark (issue 17 items 4-5; not part of CI): services up, build, start a dedicated service
# against the test database, run bench/SearchBench and write docs/benchmarks-search.md.
# BENCH_SEARCH_SIZES (default 10000,100000; add 1000000 for the 1M point, tens of minutes),
# BENCH_SEARCH_RECORDS (real tickets ingested first, default 1000), BENCH_SEARCH_INGEST (tickets ingested
# at each size, default 300), BENCH_SPRING_AI=0 (skip the Spring AI peer), BENCH_PORT (default 8183),
# BENCH_SERVICE_JAVA_OPTS (extra JVM options for the service, e.g. a GC log), BENCH_SKIP_SERVICES=1,
# BENCH_SEARCH_OUT (default docs/benchmarks-search.md), TRIBUTARY_BENCH_DB_URL (the database, default tributary_bench: never the tests' one, whose audit chain the benchmark key would break).
# The synthetic chunks stay in the database (source bench-synthetic) so a second run of the same size
# reuses them; the run's own sources are named bs-*.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"
started=$(date +%s)

corpus="${BENCH_CORPUS:-$REPO/../shared/corpora/records/support-tickets/customer_support_tickets.csv}"
[ -f "$corpus" ] || { say "corpus $corpus not found (../shared/corpora is needed for the benchmark)"; exit 1; }
ensure_build_tools
ensure_db_credentials
# BENCH_SKIP_SERVICES=1: the services are already running (a shared machine); do not touch them.
[ "${BENCH_SKIP_SERVICES:-0}" = 1 ] || scripts/services.sh up postgres kafka
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building"
  mvn -B -q package -DskipTests
fi
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$REPO/target/bench-naive.cp" -Dmdep.includeScope=runtime
cp="target/classes:$(cat target/bench.cp):$(cat target/bench-naive.cp)"
rm -rf target/bench-search-classes && mkdir -p target/bench-search-classes
javac -d target/bench-search-classes -cp "$cp" bench/src/io/tributary/bench/*.java

port="${BENCH_PORT:-8183}"
out="${BENCH_SEARCH_OUT:-docs/benchmarks-search.md}"
db_url="${TRIBUTARY_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_bench}"
log="$STATE_DIR/bench-search-service.log"
mkdir -p "$STATE_DIR"
say "starting a service for the search benchmark on :$port (log $log)"
run="$(date +%s)"
# -Xms1g as docs/operations.md recommends: with -Xmx1g alone G1 kept a ~150 MB heap and paused
# every 10-30 s of searching; with -Xms1g it did not pause once in the search phase (2026-12-02).
# No Kafka source: this benchmark ingests over HTTP only. Quotas off: one anonymous caller measuring
# the service's own ceiling.
QUARKUS_HTTP_PORT=$port TRIBUTARY_DB_URL="$db_url" TRIBUTARY_KAFKA_SOURCES="bs-none-$run" \
  TRIBUTARY_KAFKA_GROUP_ID="bench-search-$run" \
  TRIBUTARY_REDACT_HMAC_KEY="bench-only-hmac-key-0123456789abcdefghij" \
  TRIBUTARY_AUDIT_HMAC_KEYS="bench:bench-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_SEARCH_EMPTY_ACL_PUBLIC=true \
  TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE=0 TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE=0 \
  java -Xms1g -Xmx1g ${BENCH_SERVICE_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
BENCH_KEY="$(TRIBUTARY_DB_NAME="${db_url##*/}" scripts/keys.sh bootstrap "bench-search $run" "ingest,search,operator" "" 1)"
export BENCH_KEY
versions="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), Quarkus $(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' pom.xml)"
BENCH_RUN="$run" BENCH_VERSIONS="$versions" java -Xmx2g -cp "target/bench-search-classes:$cp" \
  io.tributary.bench.SearchBench "http://127.0.0.1:$port" "$pid" "$db_url" "$corpus" "$out"
echo >>"$out"
echo "The whole \`scripts/bench-search.sh\` run, build and service start included, took $(( ($(date +%s) - started + 30) / 60 )) minutes." >>"$out"
say "wrote $out"
