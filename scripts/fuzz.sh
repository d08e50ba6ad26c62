#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of each @FuzzTest target for SECONDS seconds (default 10), one
# after another, each in its own JVM: scripts/fuzz.sh 600 fuzzes each target for ten minutes.
# scripts/test.sh runs the short pass. The corpus grown so far is kept in target/fuzz-corpus/ and
# reused by the next run; a crash is written to target/fuzz-findings/ and fails the run: fix the
# bug, then copy the input into the target's seed folder (docs/fuzzing.md) so it stays a regression test.
# FUZZ_TARGETS="Class#method ..." fuzzes only those.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

seconds="${1:-10}"
targets=(${FUZZ_TARGETS:-
  io.tributary.source.RecordReaderFuzzTest#any_json_is_valid_or_malformed
  io.tributary.source.formats.MessageFormatFuzzTest#any_message_is_a_record_a_dead_letter_or_a_skip
  io.tributary.redact.DetectorFuzzTest#findings_stay_inside_the_text
  io.tributary.redact.DetectingRedactorFuzzTest#planted_values_never_survive
  io.tributary.retrieve.FilterParserFuzzTest#any_filter_parses_or_is_a_problem})

ensure_build_tools
[ -d target/test-classes ] && [ -z "${FUZZ_REBUILD:-}" ] || mvn -B -q test-compile
[ target/fuzz.cp -nt pom.xml ] || mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/fuzz.cp -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/fuzz.cp)"

failed=0
for target in "${targets[@]}"; do
  class="${target%#*}"
  method="${target#*#}"
  corpus="target/fuzz-corpus/$class/$method"
  seeds="src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  findings="target/fuzz-findings/$class/$method"
  mkdir -p "$corpus" "$findings" "$seeds"
  say "fuzzing $target for ${seconds}s"
  # The first folder gets the new inputs; the seeds are read, never written.
  # The heap is bounded by -Xmx (running out is a finding), not by libFuzzer's RSS limit, which the
  # JVM itself exceeds; the default thread stack, as a request thread has.
  if ! java -Xmx1g -Xss1m -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" \
      -max_total_time="$seconds" -rss_limit_mb=0 -timeout=30 \
      -artifact_prefix="$findings/" "$corpus" "$seeds" >"$findings/fuzz.log" 2>&1; then
    say "FINDING in $target: $(ls "$findings" | grep -v fuzz.log | head -3 | tr '\n' ' ') (log $findings/fuzz.log)"
    tail -40 "$findings/fuzz.log"
    failed=1
  else
    say "$target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$findings/fuzz.log" | tail -1)"
  fi
done
exit $failed
