#!/usr/bin/env bash
# Measures retrieval quality on ../shared/corpora/retrieval-dev (Cranfield, COVID-QA; BEIR layout):
# starts a private Tributary on :8091 (TRIBUTARY_EVAL_PORT) with the Kafka consumer off, ingests both
# corpora as sources eval-cranfield and eval-covid-qa (ACL "eval"; re-runs re-embed nothing), runs every
# dev query in vector, keyword and hybrid mode (topK 10, one chunk per document) and writes nDCG@10 and
# recall@10 into docs/retrieval.md. The database is TRIBUTARY_DB_URL (default: the service's own).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

corpora="${TRIBUTARY_RETRIEVAL_CORPORA:-$REPO/../shared/corpora/retrieval-dev}"
if [ ! -d "$corpora" ]; then
  say "skipped: $corpora is absent (the shared corpora are not checked out here)"
  exit 0
fi
ensure_build_tools
ensure_secrets
ensure_jar
jar=target/quarkus-app/quarkus-run.jar
port="${TRIBUTARY_EVAL_PORT:-8091}"
log="$STATE_DIR/eval-retrieval.log"
mkdir -p "$STATE_DIR"
TRIBUTARY_SEARCH_TRUST_PRINCIPALS_HEADER=true TRIBUTARY_KAFKA_ENABLED=false \
  nohup java -Xmx1g -Dquarkus.http.port="$port" -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; say "evaluation service failed to start"; exit 1; }
  sleep 1
done
python3 scripts/eval_retrieval.py --url "http://127.0.0.1:$port" --corpora "$corpora" --doc docs/retrieval.md
