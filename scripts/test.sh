#!/usr/bin/env bash
# The whole test suite against the real services: unit tests (surefire), then integration tests
# (failsafe, *IT) against PostgreSQL/pgvector on 127.0.0.1:5432 (database tributary_test).
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=RedactionIT
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
scripts/services.sh up
mvn -B verify "$@"
