export TRIBUTARY_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/tributary_generations
export _TEST_TRIBUTARY_KAFKA_GROUP_ID=tributary-test-generations
export TRIBUTARY_TEST_SERVICES=native MAVEN_OPTS=-Xmx1g
. scripts/lib.sh >/dev/null 2>&1; ensure_db_credentials
