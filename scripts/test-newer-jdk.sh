#!/usr/bin/env bash
# The parser's tests (every hostile file, and the runaway/heap-bomb isolation tests) on the newest
# JDK installed under /usr/lib/jvm that is newer than 17, or on the one given: the build stays on
# release 17 and Maven on the default JDK; only the test JVM (and so its parse workers) changes.
#   scripts/test-newer-jdk.sh                                   # newest installed, e.g. Temurin 25
#   scripts/test-newer-jdk.sh /usr/lib/jvm/temurin-25-jdk-amd64
# Prints a note and exits 0 when no newer JDK is installed. scripts/test.sh runs it after verify.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

jdk="${1:-}"
if [ -z "$jdk" ]; then
  best=17
  for home in /usr/lib/jvm/*/; do
    release="${home}release"
    [ -x "${home}bin/java" ] && [ -f "$release" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    if [ -n "$major" ] && [ "$major" -gt "$best" ]; then
      best="$major"
      jdk="${home%/}"
    fi
  done
fi
if [ -z "$jdk" ]; then
  say "no JDK newer than 17 under /usr/lib/jvm: skipping the parser tests on a newer JDK"
  exit 0
fi
say "parser tests on $("$jdk/bin/java" -version 2>&1 | head -1) ($jdk)"
mvn -B -o -q test -Djvm="$jdk/bin/java" -Dtest='TikaDocumentParserTest,ParseIsolationTest' -Dsurefire.failIfNoSpecifiedTests=false
say "parser tests passed on $jdk"
