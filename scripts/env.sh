#!/usr/bin/env bash
# Source it (`. scripts/env.sh`) to export this checkout's secrets for a service started by hand
# (`mvn quarkus:dev`, `java -jar`, `docker compose up`): the pseudonym key, the two database roles and
# their passwords, the audit HMAC keys. Each comes from the environment, else from .services/, where it
# is generated once (mode 600). scripts/services.sh gives the roles these passwords.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_secrets
