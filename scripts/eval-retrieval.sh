#!/usr/bin/env bash
# Measures retrieval quality on ../shared/corpora/retrieval-dev (Cranfield, COVID-QA; BEIR layout) for
# each in-process model in TRIBUTARY_EVAL_MODELS (default: all-minilm-l6-v2-q bge-small-en-v1.5-q), in one
# run: per model, starts a private Tributary on :8091 (TRIBUTARY_EVAL_PORT) with the Kafka consumer off and
# that model, on the database TRIBUTARY_EVAL_DB_PREFIX-<n> (default tributary_eval_<n>; created by the
# postgres superuser if absent; re-runs re-embed nothing), ingests both corpora, records every dev query's
# results in vector, keyword and hybrid mode (target/eval/<model>.json), then eval_fusion.py computes a BM25
# baseline, tunes fusions on one half of the queries (reported, not applied) and writes the held-out half's
# table for TRIBUTARY_EVAL_FUSION (the fusion the service ran; default the shipped one) into
# docs/retrieval.md. TRIBUTARY_EVAL_APP names another quarkus-app directory to run (a copy, so that a build
# meanwhile does not replace the running service's jars); default target/quarkus-app, built if stale.
# TRIBUTARY_EVAL_DATASETS (default "cranfield covid-qa") limits the corpora; eval_fusion.py then compares
# models only where both ran. TRIBUTARY_EVAL_FUSION_ONLY=1 skips the runs and re-scores target/eval/*.json.
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
if [ -n "${TRIBUTARY_EVAL_APP:-}" ]; then
  jar="$TRIBUTARY_EVAL_APP/quarkus-run.jar"
else
  ensure_jar
  jar=target/quarkus-app/quarkus-run.jar
fi
port="${TRIBUTARY_EVAL_PORT:-8091}"
models="${TRIBUTARY_EVAL_MODELS:-all-minilm-l6-v2-q bge-small-en-v1.5-q}"
prefix="${TRIBUTARY_EVAL_DB_PREFIX:-tributary_eval}"
# The fusion the service runs (and eval_fusion.py checks its simulation against and reports):
# "convex <vector-weight> [<agreement-weight>]" or "rrf <k> <vector weight> <keyword weight>"; default
# the shipped one (tributary.search.* defaults).
fusion="${TRIBUTARY_EVAL_FUSION:-convex 0.3 0.4}"
read -r fusion_kind f1 f2 f3 <<<"$fusion"
if [ "$fusion_kind" = convex ]; then
  fusion_env=(TRIBUTARY_SEARCH_FUSION=convex TRIBUTARY_SEARCH_VECTOR_WEIGHT="$f1"
    TRIBUTARY_SEARCH_AGREEMENT_WEIGHT="${f2:-0}")
else
  [ "$f2" = 1 ] || [ "$f2" = 1.0 ] || { say "rrf: the vector list's weight is always 1"; exit 1; }
  fusion_env=(TRIBUTARY_SEARCH_FUSION=rrf TRIBUTARY_SEARCH_RRF_K="$f1" TRIBUTARY_SEARCH_KEYWORD_WEIGHT="$f3")
fi
mkdir -p "$STATE_DIR" target/eval
n=0
dumps=()
for model in $models; do
  n=$((n + 1))
  dumps+=("target/eval/$model.json")
  [ "${TRIBUTARY_EVAL_FUSION_ONLY:-0}" = 1 ] && continue
  db="${prefix}_$n"
  ensure_database "$db"
  log="$STATE_DIR/eval-retrieval-$model.log"
  env "${fusion_env[@]}" TRIBUTARY_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" TRIBUTARY_KAFKA_ENABLED=false \
    TRIBUTARY_EMBEDDING_MODEL="$model" TRIBUTARY_SEARCH_MAX_TOP_K=640 \
    TRIBUTARY_EMBEDDING_ENGINE="${TRIBUTARY_EVAL_ENGINE:-onnx}" \
    TRIBUTARY_QUOTA_REQUESTS_PER_MINUTE=0 TRIBUTARY_QUOTA_INGEST_CHARS_PER_MINUTE=0 \
    nohup java -Xmx1g -Dquarkus.http.port="$port" -jar "$jar" >"$log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; say "evaluation service failed to start"; exit 1; }
    sleep 1
  done
  key="$(TRIBUTARY_DB_NAME="$db" scripts/keys.sh bootstrap "eval $(date +%s)" "ingest,search" "eval" 1)"
  python3 scripts/eval_retrieval.py --url "http://127.0.0.1:$port" --key "$key" --corpora "$corpora" \
    --model "$model" --out "target/eval/$model.json" --datasets "${TRIBUTARY_EVAL_DATASETS:-cranfield covid-qa}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
done
TRIBUTARY_EVAL_FUSION="$fusion" python3 scripts/eval_fusion.py --corpora "$corpora" --doc docs/retrieval.md \
  --service-fusion "$fusion" "${dumps[@]}"
