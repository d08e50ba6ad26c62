#!/usr/bin/env bash
# The whole test suite against the real services: unit tests (surefire), then integration tests
# (failsafe, *IT) against PostgreSQL/pgvector (database tributary_test) and Kafka: containers that
# Testcontainers starts where a Docker engine is reachable, else the services that scripts/services.sh
# starts natively (127.0.0.1:5432 and :9092); Keycloak (127.0.0.1:8180) runs natively on both paths.
# TRIBUTARY_TEST_SERVICES=native|containers forces a path.
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=RedactionIT
# Then the LangChain4j retriever module (clients/langchain4j) against the packaged service.
# Then the console's browser test (scripts/browser-test.sh; BROWSER_TEST=0 skips it).
# Then the parser's tests once more on the newest installed JDK newer than 17 (scripts/test-newer-jdk.sh,
# under a minute; skipped when there is none; NEWER_JDK=0 skips it).
# Then a short coverage-guided fuzzing pass, FUZZ_SECONDS (default 10) per target, 5 targets (about
# a minute in all on a quiet machine); FUZZ_SECONDS=0 skips it. Longer: scripts/fuzz.sh SECONDS (docs/fuzzing.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_build_tools
# Decided once here and handed to the tests (it/TestServices), so that both take the same path.
if [ -z "${TRIBUTARY_TEST_SERVICES:-}" ] || [ "$TRIBUTARY_TEST_SERVICES" = auto ]; then
  if timeout 20 docker info >/dev/null 2>&1; then TRIBUTARY_TEST_SERVICES=containers; else TRIBUTARY_TEST_SERVICES=native; fi
fi
export TRIBUTARY_TEST_SERVICES
say "test services: $TRIBUTARY_TEST_SERVICES"
if [ "$TRIBUTARY_TEST_SERVICES" != containers ]; then
  # the roles' passwords of this checkout, which services.sh sets and the tests (it/TestServices) use
  ensure_db_credentials
  scripts/services.sh up
  # The CDC path of it/CdcEndToEndIT: the demo CRM cluster and the Kafka Connect worker with Debezium
  # (docs/cdc.md; ~70 s on a fresh machine, ~35 s after). CDC=0 leaves them out (that IT then fails).
  if [ "${CDC:-1}" != 0 ]; then scripts/services.sh up cdc; fi
  # The search replica of it/ReplicaIT: a hot standby of the local cluster (pg_basebackup, port 5434; ~10 s on a
  # fresh machine). REPLICA=0 leaves it out (ReplicaIT is then skipped, saying so).
  if [ "${REPLICA:-1}" != 0 ]; then scripts/services.sh up replica; fi
else
  # The tests' OIDC provider runs natively on either path (it/Keycloak.java reads .services/keycloak.env).
  scripts/services.sh up keycloak
fi
mvn -B verify "$@"
# The LangChain4j retriever (clients/langchain4j, its own pom): its IT runs the jar just packaged on the
# native test database. The containers path has no native database: there it is built without its IT.
if [ "$TRIBUTARY_TEST_SERVICES" = native ]; then
  mvn -B -f clients/langchain4j/pom.xml verify
else
  say "clients/langchain4j: integration test needs the native services (TRIBUTARY_TEST_SERVICES=native); built only"
  mvn -B -f clients/langchain4j/pom.xml verify -DskipITs
fi
# The operator console in Debian's chromium, driven by Playwright against the jar verify packaged
# (scripts/browser-test.sh, 1-2 minutes once npm and chromium are installed, most of it the service's
# start and an 11 s wait past a console access token's life; BROWSER_TEST=0 skips it).
if [ "${BROWSER_TEST:-1}" != 0 ]; then
  scripts/browser-test.sh
fi
if [ "${NEWER_JDK:-1}" != 0 ]; then
  scripts/test-newer-jdk.sh
fi
fuzz_seconds="${FUZZ_SECONDS:-10}"
if [ "$fuzz_seconds" != 0 ]; then
  scripts/fuzz.sh "$fuzz_seconds"
fi
