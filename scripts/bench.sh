#!/usr/bin/env bash
# Benchmarks, side by side in one run (not part of CI): services up, build, start a dedicated service
# on :8181 against its own database (tributary_bench), run bench/ and write docs/benchmarks.md.
# BENCH_RECORDS (default 2000) sets how many support tickets are ingested; BENCH_PORT (default 8181)
# the benchmark service's port; BENCH_QUANTIZED (default true: int8) its model (see below).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"
started=$(date +%s)

corpus="${BENCH_CORPUS:-$REPO/../shared/corpora/records/support-tickets/customer_support_tickets.csv}"
[ -f "$corpus" ] || { say "corpus $corpus not found (../shared/corpora is needed for the benchmark)"; exit 1; }
ensure_build_tools
ensure_db_credentials
scripts/services.sh up
say "building"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=runtime
# The naive LangChain4j baseline's jars (bench/pom.xml), after the service's, never inside the service.
mvn -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$REPO/target/bench-naive.cp" -Dmdep.includeScope=runtime
cp="target/classes:$(cat target/bench.cp):$(cat target/bench-naive.cp)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$cp" bench/src/io/tributary/bench/*.java

port="${BENCH_PORT:-8181}"  # another checkout's benchmark may hold 8181
db_url="${TRIBUTARY_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tributary_bench}"
log="$STATE_DIR/bench-service.log"
mkdir -p "$STATE_DIR"
say "starting a service for the benchmark on :$port (log $log)"
# The model the service embeds with, and the raw-engine ceiling too: the product's default, int8
# all-MiniLM-L6-v2, on the benchmarks' own database (its generation 1 is built by the first run).
# BENCH_QUANTIZED=false measures fp32, on a database whose generation is the fp32 one (the start refuses
# a model without a built generation).
quantized="${BENCH_QUANTIZED:-true}"
export BENCH_QUANTIZED="$quantized"
run="$(date +%s)"  # this run's sources: bench-h-$run over HTTP, bench-k-$run from its own topic
# quotas off: the benchmark is one anonymous caller measuring the service's own ceiling
QUARKUS_HTTP_PORT=$port TRIBUTARY_DB_URL="$db_url" TRIBUTARY_KAFKA_SOURCES="bench-k-$run" \
  TRIBUTARY_KAFKA_GROUP_ID="bench-$run" TRIBUTARY_KAFKA_METADATA_MAX_AGE_MS=1000 \
  TRIBUTARY_REDACT_HMAC_KEY="bench-only-hmac-key-0123456789abcdefghij" \
  TRIBUTARY_AUDIT_HMAC_KEYS="bench:bench-only-audit-hmac-key-0123456789abcdef" \
  TRIBUTARY_SEARCH_EMPTY_ACL_PUBLIC=true \
  TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE=0 TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE=0 \
  TRIBUTARY_EMBEDDING_QUANTIZED="$quantized" \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
sleep 5  # let the JVM settle before the idle RSS reading
# the benchmark's credentials: one key, all it needs (written as scripts/keys.sh bootstrap writes keys)
BENCH_KEY="$(TRIBUTARY_DB_NAME="${db_url##*/}" scripts/keys.sh bootstrap "bench $run" "ingest,search,operator" "" 1)"
export BENCH_KEY
versions="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), Quarkus $(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' pom.xml), LangChain4j $(sed -n 's:.*<langchain4j.version>\(.*\)</langchain4j.version>.*:\1:p' pom.xml)"
BENCH_RUN="$run" BENCH_VERSIONS="$versions" java -Xmx2g -cp "target/bench-classes:$cp" io.tributary.bench.Bench \
  "http://127.0.0.1:$port" "$pid" "$db_url" "$corpus" "${BENCH_RECORDS:-2000}" docs/benchmarks.md
{
  echo
  echo "## Redaction speed per detector (bench/RedactionSpeed, same run)"
  echo
  echo '```'
  java -Xmx2g -cp "target/bench-classes:$cp" io.tributary.bench.RedactionSpeed
  echo '```'
  echo
  echo "The whole \`scripts/bench.sh\` run, build and service start included, took $(( ($(date +%s) - started + 30) / 60 )) minutes."
} >>docs/benchmarks.md
say "wrote docs/benchmarks.md"
