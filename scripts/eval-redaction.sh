#!/usr/bin/env bash
# Redaction quality: precision, recall and F1 per entity type on the labelled PII texts of the shared
# corpora (../shared/corpora/pii), PERSON/LOCATION on a tuned and a held-out half of presidio-synth,
# the multi-country identifier set src/test/resources/redaction/national-ids.tsv when the checkout
# has it, the secrets set (vendor formats + hard negatives, redaction/secret-formats.tsv), recall on
# the secret-format fixtures, false positives on text without any, written into docs/redaction.md
# between its evaluation markers. Unit tests only: no services are needed. TRIBUTARY_CORPORA points
# at another copy of the corpora.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

corpora="${TRIBUTARY_CORPORA:-../shared/corpora}"
[ -d "$corpora/pii" ] || { say "no labelled PII corpus at $corpora/pii"; exit 1; }
ensure_build_tools
say "evaluating redaction against $corpora"
mvn -q -B test -Dtest=RedactionEvaluation -Dtributary.eval=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtributary.corpora="$corpora"
say "results written to docs/redaction.md"
