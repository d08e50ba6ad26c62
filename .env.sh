export TRIBUTARY_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/tributary_index_jobs
export _TEST_TRIBUTARY_KAFKA_GROUP_ID=tributary-test-index-jobs
export TRIBUTARY_TEST_SERVICES=native MAVEN_OPTS=-Xmx1g
. scripts/lib.sh >/dev/null 2>&1; ensure_db_credentials
