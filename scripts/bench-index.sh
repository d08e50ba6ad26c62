#!/usr/bin/env bash
# The index's life, measured (bench/IndexLife; not part of CI): re-embedding a source with a cold and a
# warm embedding cache, and building, switching to and rolling back a generation at BENCH_INDEX_CHUNKS
# chunks (default 100000). Starts its own service on :8381 (BENCH_INDEX_PORT) with the embedding cache on
# and Kafka off, on its own database BENCH_INDEX_DB (default tributary_bench_index; created by the postgres
# superuser if absent; the synthetic chunks stay for the next run), and writes docs/benchmarks-index.md.
# BENCH_INDEX_RECORDS (default 500) support tickets are ingested for the re-embed part.
#   scripts/bench-index.sh                              # 100k chunks
#   BENCH_INDEX_CHUNKS=20000 scripts/bench-index.sh     # smaller, on a loaded machine
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"
started=$(date +%s)

corpus="${BENCH_CORPUS:-$REPO/../shared/corpora/records/support-tickets/customer_support_tickets.csv}"
[ -f "$corpus" ] || { say "corpus $corpus not found (../shared/corpora is needed for the benchmark)"; exit 1; }
ensure_build_tools
ensure_db_credentials
db="${BENCH_INDEX_DB:-tributary_bench_index}"
ensure_database "$db"
app="${BENCH_INDEX_APP:-}"
if [ -z "$app" ]; then
  say "building"
  mvn -B -q package -DskipTests
  app=target/quarkus-app
fi
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$REPO/target/bench-naive.cp" -Dmdep.includeScope=runtime
cp="$app/app/*:$(cat target/bench.cp):$(cat target/bench-naive.cp)"
rm -rf target/bench-index-classes && mkdir -p target/bench-index-classes
javac -d target/bench-index-classes -cp "$cp" bench/src/io/tributary/bench/*.java

port="${BENCH_INDEX_PORT:-8381}"
db_url="jdbc:postgresql://127.0.0.1:5432/$db"
log="$STATE_DIR/bench-index-service.log"
mkdir -p "$STATE_DIR"
say "starting a service for the benchmark on :$port (log $log)"
run="$(date +%s)"
QUARKUS_HTTP_PORT=$port TRIBUTARY_DB_URL="$db_url" TRIBUTARY_KAFKA_ENABLED=false \
  TRIBUTARY_EMBEDDING_CACHE=true \
  TRIBUTARY_REDACT_HMAC_KEY="bench-only-hmac-key-0123456789abcdefghij" \
  TRIBUTARY_AUDIT_HMAC_KEYS="bench:bench-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_SEARCH_EMPTY_ACL_PUBLIC=true \
  TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE=0 TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE=0 \
  java -Xmx1g -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; say "benchmark service failed to start"; exit 1; }
  sleep 1
done
BENCH_KEY="$(TRIBUTARY_DB_NAME="$db" scripts/keys.sh bootstrap "bench-index $run" "ingest,search,operator" "" 1)"
export BENCH_KEY
out=docs/benchmarks-index.md
{
  echo "# Benchmarks: the index's life"
  echo
  echo "Written by \`scripts/bench-index.sh\` on $(date -u +%Y-%m-%d) (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)), $(nproc) cores. Figures are ratios within one run; the machine may be shared (load averages below)."
  echo
} >"$out"
BENCH_RUN="$run" java -Xmx2g -cp "target/bench-index-classes:$cp" io.tributary.bench.IndexLife \
  "http://127.0.0.1:$port" "$db_url" "$corpus" "${BENCH_INDEX_RECORDS:-500}" \
  "${BENCH_INDEX_CHUNKS:-100000}" target/bench-index.md
cat target/bench-index.md >>"$out"
echo "The whole run, build and service start included, took $(( ($(date +%s) - started + 30) / 60 )) minutes." >>"$out"
