#!/usr/bin/env bash
# npm run conformance: build, serve examples/conformance over streamable HTTP on a free
# localhost port (2026-07-28 clients stateless, 2025 clients in sessions: `legacy:
# 'sessions'`, see examples/conformance/main.ts), then run against it
#   1. the official MCP conformance suite, every scenario (run.sh: --suite all, no
#      expected-failures list; any failed check fails the run). Suite 0.1.x speaks the 2025
#      revisions (its client is SDK v1);
#   2. the MCP Inspector CLI as a real client: tools/list, tools/call, resources/read and
#      prompts/get over HTTP, and tools/list over stdio (the same example as a child process);
#   3. a 2026-07-28 client (SDK v2, modern-check.js) over HTTP and stdio: discovery, tools,
#      input_required rounds (elicitation, sampling), resources, prompts.
# Exits 0 only when all of it passed. Tools live in .tools/ (Node 22 side install).
#
# Environment: CONFORMANCE_FAIL_ON_WARNING=1 also fails on WARNING checks (see run.sh).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
EXAMPLE=dist-examples/examples/conformance/main.js
WORK="$ROOT/.tools/conformance"

say() { printf '\n=== %s ===\n' "$*"; }
fail() { printf 'conformance: FAIL: %s\n' "$*" >&2; exit 1; }

say "build"
npm run build --silent || fail "build"
bash scripts/conformance/setup.sh || fail "conformance suite setup"
bash scripts/conformance/inspector-setup.sh || fail "inspector setup"
INSPECTOR="$ROOT/.tools/inspector/bin/inspector"

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
URL="http://localhost:$PORT/mcp"
SERVER_LOG="$WORK/server.log"

say "serve $EXAMPLE on $URL"
MCP_TRANSPORT=http MCP_HOST=127.0.0.1 MCP_PORT=$PORT MCP_LOG_LEVEL=warn node "$EXAMPLE" 2>"$SERVER_LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT

# Ready when /health answers; give up after 15 s (or when the server died).
ready=0
for _ in $(seq 1 150); do
  kill -0 "$SERVER" 2>/dev/null || break
  if node -e "fetch('http://127.0.0.1:$PORT/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then ready=1; break; fi
  sleep 0.1
done
if ((!ready)); then
  cat "$SERVER_LOG" >&2
  fail "the example did not become healthy on port $PORT"
fi

say "official conformance suite (--suite all)"
bash scripts/conformance/run.sh "$URL"
suite=$?

say "MCP Inspector CLI over HTTP"
inspector=0
check() { # check <description> <jq-free node predicate on the JSON result> -- <inspector args...>
  local what=$1 predicate=$2
  shift 3
  local out
  if ! out=$(HOME="$ROOT/.tools/inspector" timeout 60 "$INSPECTOR" --cli "$@" 2>"$WORK/inspector.err"); then
    printf '  ✗ %s: inspector failed\n' "$what"
    cat "$WORK/inspector.err" >&2
    inspector=1
    return
  fi
  if printf '%s' "$out" | node -e "const r=JSON.parse(require('fs').readFileSync(0,'utf8')); process.exit(($predicate)(r)?0:1)"; then
    printf '  ✓ %s\n' "$what"
  else
    printf '  ✗ %s: unexpected result\n%s\n' "$what" "$out"
    inspector=1
  fi
}
check "tools/list lists the 15 tools" "(r)=>r.tools.length===15&&r.tools.every(t=>t.description)" -- \
  "$URL" --transport http --method tools/list
check "tools/call test_simple_text" "(r)=>r.content[0].text==='This is a simple text response for testing.'" -- \
  "$URL" --transport http --method tools/call --tool-name test_simple_text
check "resources/read test://template/42/data" "(r)=>JSON.parse(r.contents[0].text).id==='42'" -- \
  "$URL" --transport http --method resources/read --uri test://template/42/data
check "prompts/get test_prompt_with_arguments" "(r)=>r.messages[0].content.text.includes(\"arg1='a'\")" -- \
  "$URL" --transport http --method prompts/get --prompt-name test_prompt_with_arguments --prompt-args arg1=a arg2=b

say "MCP Inspector CLI over stdio"
check "tools/list over stdio" "(r)=>r.tools.length===15" -- \
  -e MCP_TRANSPORT=stdio -e MCP_LOG_LEVEL=warn node "$EXAMPLE" --method tools/list

say "2026-07-28 client (SDK v2) over HTTP and stdio"
timeout 120 node scripts/conformance/modern-check.js "$URL" "$EXAMPLE"
modern=$?

say "summary"
((suite == 0)) && echo "official conformance suite (2025 revisions): PASS" || echo "official conformance suite (2025 revisions): FAIL"
((inspector == 0)) && echo "MCP Inspector CLI (HTTP and stdio): PASS" || echo "MCP Inspector CLI (HTTP and stdio): FAIL"
((modern == 0)) && echo "2026-07-28 client (HTTP and stdio): PASS" || echo "2026-07-28 client (HTTP and stdio): FAIL"
((suite == 0 && inspector == 0 && modern == 0)) || exit 1
echo "conformance: PASS"
