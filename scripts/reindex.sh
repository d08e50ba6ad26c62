#!/usr/bin/env bash
# Reindex a source and print its progress until it ends (docs/operations.md#reindex).
#
#   scripts/reindex.sh SOURCE        start a reindex, then follow it
#   scripts/reindex.sh --job ID      follow a running job
#
# Authenticates with TRIBUTARY_KEY (a key with the role operator) against TRIBUTARY_URL (default
# http://127.0.0.1:8080). Prints a progress line every 2 s (a bar on a terminal); exits 0 when the job
# succeeded, 1 when it failed, was interrupted or cancelled.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
url="${TRIBUTARY_URL:-$APP_URL}"
[ $# -ge 1 ] || { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ -n "${TRIBUTARY_KEY:-}" ] || { echo "set TRIBUTARY_KEY to a key with the role operator" >&2; exit 2; }
auth=(-H "Authorization: Bearer $TRIBUTARY_KEY")

if [ "$1" = --job ]; then
  job="${2:?job id}"
else
  job="$(curl -fsS "${auth[@]}" -X POST "$url/v1/sources/$1/reindex" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  say "reindex of $1 started: job $job"
fi

tty=0; [ -t 1 ] && tty=1
while true; do
  line="$(curl -fsS "${auth[@]}" "$url/console/jobs/$job/progress" | python3 -c '
import json, sys
p = json.load(sys.stdin); tty = sys.argv[1] == "1"
width = 30; filled = width * p["percent"] // 100
bar = "[" + "#" * filled + "." * (width - filled) + "] " if tty else ""
print("%s%3d%%  %d/%d records  %s" % (bar, p["percent"], p["done"], p["total"], p["status"]))
print("END" if p["finished"] else "RUN")' "$tty")"
  state="${line##*$'\n'}"; text="${line%$'\n'*}"
  if [ "$tty" = 1 ]; then printf '\r%s ' "$text"; else echo "$text"; fi
  [ "$state" = END ] && break
  sleep 2
done
[ "$tty" = 1 ] && echo
job_json="$(curl -fsS "${auth[@]}" "$url/v1/jobs/$job")"
echo "$job_json" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print("job %d %s: %s" % (j["id"], j["status"], json.dumps(j["counts"])))
if j.get("error"): print("error: " + j["error"])
if j.get("needsResend"): print("%d record(s) need a resend, e.g. %s" % (len(j["needsResend"]), ", ".join(j["needsResend"][:5])))
sys.exit(0 if j["status"] == "succeeded" else 1)'
