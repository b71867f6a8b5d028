#!/usr/bin/env bash
# Run the official MCP conformance suite against a running Streamable HTTP server.
#
# Usage: scripts/conformance/run.sh <url> [extra `conformance server` options...]
#   e.g. scripts/conformance/run.sh http://localhost:3000/mcp
#        scripts/conformance/run.sh http://localhost:3000/mcp --scenario tools-list
#        scripts/conformance/run.sh http://localhost:3000/mcp --expected-failures baseline.yml
#
# Runs `conformance server --url <url> --suite all` under the Node 22 installed by
# setup.sh (called first; quiet when already installed). Exits 0 only when every
# check passed; exits 1 when any check failed, when the CLI crashed or timed out,
# or when its results are missing or incomplete. WARNING checks are reported but
# do not fail the run unless CONFORMANCE_FAIL_ON_WARNING=1.
# With --expected-failures the CLI's own baseline verdict (its exit code) decides.
#
# Environment:
#   CONFORMANCE_OUTPUT_DIR      where per-scenario checks.json files and output.log
#                               go (default .tools/conformance/results/<timestamp>-<pid>)
#   CONFORMANCE_TIMEOUT         seconds before the whole run is killed (default 900)
#   CONFORMANCE_FAIL_ON_WARNING 1 = WARNING checks also fail the run (default 0)
#
# Note: the suite sends Host/Origin headers itself (dns-rebinding-protection) and
# needs a localhost/127.0.0.1/[::1] URL for that scenario to pass.
set -uo pipefail

if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
URL=$1
shift

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR="$ROOT/.tools/conformance"
bash "$ROOT/scripts/conformance/setup.sh" || { echo "conformance run: setup failed" >&2; exit 1; }

OUT=${CONFORMANCE_OUTPUT_DIR:-"$DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$$"}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TIMEOUT=${CONFORMANCE_TIMEOUT:-900}
FAIL_ON_WARNING=${CONFORMANCE_FAIL_ON_WARNING:-0}

single=0 baseline=0
for a in "$@"; do
  case "$a" in
    --scenario | --scenario=*) single=1 ;;
    --expected-failures | --expected-failures=*) baseline=1 ;;
  esac
done
# --suite all unless the caller chose a scenario (explicit --suite in "$@" wins: last one counts).
suite_args=(--suite all)
((single)) && suite_args=()

start=$(date +%s)
timeout --kill-after=10 "$TIMEOUT" "$DIR/bin/conformance" server --url "$URL" "${suite_args[@]}" \
  -o "$OUT" "$@" 2>&1 | tee "$OUT/output.log"
rc=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - start))

# Independent verdict from the saved results: count checks by status in every
# <OUT>/server-<scenario>-<timestamp>/checks.json and compare with what ran.
# Written to stdout as: scenarios=N failures=N warnings=N, then detail lines.
report=$("$DIR/bin/node" - "$OUT" "$OUT/output.log" <<'EOF'
const fs = require('fs'), path = require('path');
const [out, logFile] = process.argv.slice(2);
const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
const ran = [...log.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
const announced = /^Running \S+ suite \((\d+) scenarios\)/m.exec(log);
let scenarios = 0, failures = 0, warnings = 0;
const lines = [];
const seen = new Set();
for (const d of fs.readdirSync(out).sort()) {
  const f = path.join(out, d, 'checks.json');
  if (!fs.existsSync(f)) continue;
  const name = d.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT.*$/, '');
  seen.add(name);
  scenarios++;
  let checks;
  try { checks = JSON.parse(fs.readFileSync(f, 'utf8')); } catch (e) {
    failures++; lines.push(`FAILURE ${name}: unreadable ${f}: ${e.message}`); continue;
  }
  for (const c of checks) {
    if (c.status === 'FAILURE') { failures++; lines.push(`FAILURE ${name} [${c.id}] ${c.errorMessage ?? c.description}`); }
    if (c.status === 'WARNING') { warnings++; lines.push(`WARNING ${name} [${c.id}] ${c.errorMessage ?? c.details?.message ?? c.description}`); }
  }
}
const expected = announced ? Number(announced[1]) : ran.length;
for (const s of ran) if (!seen.has(s)) { failures++; lines.push(`FAILURE ${s}: no checks.json written (scenario crashed?)`); }
if (expected > scenarios && ran.length < expected) {
  failures++; lines.push(`FAILURE run incomplete: ${scenarios}/${expected} scenarios produced results`);
}
console.log(`scenarios=${scenarios} failures=${failures} warnings=${warnings}`);
for (const l of lines) console.log(l);
EOF
) || { echo "conformance run: could not read results in $OUT" >&2; exit 1; }

counts=$(head -n 1 <<<"$report")
[[ "$counts" =~ ^scenarios=([0-9]+)\ failures=([0-9]+)\ warnings=([0-9]+)$ ]] ||
  { echo "conformance run: unexpected result summary: $counts" >&2; exit 1; }
scenarios=${BASH_REMATCH[1]} failures=${BASH_REMATCH[2]} warnings=${BASH_REMATCH[3]}
details=$(tail -n +2 <<<"$report")

echo
echo "=== conformance run: $URL ==="
[[ -n "$details" ]] && echo "$details"
echo "scenarios: $scenarios, failed checks: $failures, warnings: $warnings, CLI exit: $rc, ${elapsed}s"
echo "results: $OUT"

verdict=0
if ((rc == 124 || rc == 137)); then
  echo "conformance run: timed out after ${TIMEOUT}s" >&2
  verdict=1
elif ((baseline)); then
  # The CLI compares against the baseline itself (exit 1 = unexpected failure or stale entry).
  ((rc != 0)) && verdict=1
else
  ((rc != 0 || failures > 0 || scenarios == 0)) && verdict=1
  if ((!single)) && ! grep -qE '^Total: [0-9]+ passed, 0 failed$' "$OUT/output.log"; then
    echo "conformance run: suite summary missing or reports failures" >&2
    verdict=1
  fi
  ((FAIL_ON_WARNING == 1 && warnings > 0)) && verdict=1
fi
((verdict == 0)) && echo "conformance run: PASS" || echo "conformance run: FAIL" >&2
exit "$verdict"
