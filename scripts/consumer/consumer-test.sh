#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, installed with its peers into a fresh ESM project
# (module nodenext), where the README's "server in one file" and its jest example are compiled
# with TypeScript 6 and 5 and run; a CommonJS file loads it too; the packed CLI inspects and
# calls the server; `mcp-decorators init` makes a project whose `npm ci` and `npm test` pass and
# whose `mcp-decorators dev` serves.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcp-consumer-XXXXXX")"
trap 'kill "${GENERATED_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
NPM_FLAGS=(--no-audit --no-fund --prefer-offline --loglevel=error)
# npm calls made by `mcp-decorators init` read this too: the cache is warm after the first install.
export npm_config_prefer_offline=true
step() { echo "--- consumer: $* ($SECONDS s)"; }

step "npm pack (prepack builds dist/)"
TARBALL="$WORK/$(npm pack --silent --pack-destination "$WORK" | tail -1)"
tar -tzf "$TARBALL" > "$WORK/contents.txt"
for expected in package/dist/index.js package/dist/index.d.ts package/dist/index.js.map package/dist/cli/main.js package/src/index.ts; do
  grep -qx "$expected" "$WORK/contents.txt" || { echo "the tarball lacks $expected"; exit 1; }
done
if grep -q '^package/\(test\|bench\|examples\|dist-examples\)/' "$WORK/contents.txt"; then echo "the tarball ships tests, benchmarks or examples"; exit 1; fi

step "mcp-decorators init from the tarball, then the generated README's commands, in the background"
# init needs only Node's built-ins: run the packed CLI as unpacked, while the other project installs.
mkdir -p "$WORK/unpacked" && tar -xzf "$TARBALL" -C "$WORK/unpacked"
(
  set -euo pipefail
  cd "$WORK"
  node "$WORK/unpacked/package/dist/cli/main.js" init generated --package "file:$TARBALL"
  cd generated
  npm ci "${NPM_FLAGS[@]}"
  npm test 2>&1 | tail -5
  # npm test compiled the server too: the project's own CLI calls its tool.
  GREETING="$(npx --no-install mcp-decorators call greet '{"name":"Ada"}' -- node dist/src/main.js)"
  [ "$GREETING" = 'Hello, Ada!' ] || { echo "call greet printed: $GREETING"; exit 1; }
  # `npm run dev` on this ESM project: compiles, serves, says where (node, not npx: SIGTERM reaches dev).
  node node_modules/mcp-decorators/dist/cli/main.js dev src/main.ts --port 0 > dev.log 2>&1 &
  DEV_PID=$!
  for _ in $(seq 1 300); do grep -q 'serving on http://' dev.log && break; sleep 0.2; done
  kill "$DEV_PID"; DEV_STATUS=0; wait "$DEV_PID" || DEV_STATUS=$?
  grep -q 'serving on http://' dev.log || { echo "mcp-decorators dev did not serve:"; cat dev.log; exit 1; }
  [ "$DEV_STATUS" = 0 ] || { echo "mcp-decorators dev exited with status $DEV_STATUS on SIGTERM"; cat dev.log; exit 1; }
  echo "dev: $(grep -o 'serving on http://[^ ]*' dev.log)"
) > "$WORK/generated.log" 2>&1 &
GENERATED_PID=$!

step "a fresh ESM project (type module, module nodenext) with the tarball and its peers"
APP="$WORK/app"
mkdir -p "$APP/src"
PEERS="$(node -p "Object.entries(require('./package.json').peerDependencies).map(([n, v]) => n + '@' + v).join(' ')")"
TS6="$(node -p "require('./package.json').devDependencies.typescript")"
cat > "$APP/package.json" <<JSON
{ "name": "consumer", "private": true, "type": "module",
  "jest": { "testEnvironment": "node", "roots": ["<rootDir>/dist"], "testMatch": ["**/*.test.js"], "transform": {} } }
JSON
cat > "$APP/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "lib": ["ES2022"],
    "types": ["node", "jest"], "strict": true, "skipLibCheck": true,
    "experimentalDecorators": true, "emitDecoratorMetadata": true, "useDefineForClassFields": false,
    "rootDir": "src", "outDir": "dist"
  },
  "include": ["src"]
}
JSON
# One install: the tarball, its peers, TypeScript 6 and 5, jest.
(cd "$APP" && npm install "${NPM_FLAGS[@]}" "$TARBALL" $PEERS "typescript@$TS6" "typescript5@npm:typescript@~5.9.3" jest@^29.7.0 @types/jest@^29.5.14 @types/node@^20.19.43)

step "the README's blocks, extracted by their markers"
node scripts/consumer/extract-readme.js README.md "$APP/src"
# The test imports the server's classes: the one-file server without its last two lines (create, listen).
sed '/^const app = await createMcpApp/,$d' "$APP/src/server.ts" > "$APP/src/math.tools.ts"
grep -q 'export class MathTools' "$APP/src/math.tools.ts"
# CommonJS (.cts) next to ESM: require() of the package, with its types.
cat > "$APP/src/commonjs-check.cts" <<'TS'
import 'reflect-metadata';
import { injectable } from 'tsyringe';
import { createMcpApp, createTestClient, Tool } from 'mcp-decorators';

@injectable()
class Echo {
  @Tool()
  echo(): string {
    return 'from commonjs';
  }
}

createMcpApp({ name: 'cjs', version: '1.0.0', providers: [Echo], logger: { level: 'error' } })
  .then(async (app) => {
    const client = await createTestClient(app);
    const text = await client.callTool('echo');
    await client.close();
    await app.close();
    if (text !== 'from commonjs') throw new Error(`unexpected ${String(text)}`);
    process.stdout.write('commonjs ok\n');
  })
  .catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
TS

step "compile with TypeScript 5 (type-check) and TypeScript 6 (emit)"
(cd "$APP" && node node_modules/typescript5/bin/tsc --noEmit -p . && node node_modules/typescript/bin/tsc -p .)

step "run: CommonJS, the jest example, the server through the packed CLI"
(cd "$APP" && node dist/commonjs-check.cjs)
(cd "$APP" && node --experimental-vm-modules node_modules/jest/bin/jest.js 2>&1 | tail -5)
CALL="$(cd "$APP" && npx --no-install mcp-decorators call add '{"a":2,"b":3}' -- node dist/server.js)"
[ "$(echo "$CALL" | tr -d ' \n')" = '{"result":5}' ] || { echo "call add printed: $CALL"; exit 1; }
TOOLS="$(cd "$APP" && npx --no-install mcp-decorators inspect --json -- node dist/server.js | node -e "let s='';process.stdin.on('data',c=>s+=c).on('end',()=>console.log(JSON.parse(s).tools.map(t=>t.name).join(',')))")"
[ "$TOOLS" = 'add,divide' ] || { echo "inspect listed tools: $TOOLS"; exit 1; }

step "the generated project (started above): npm ci, npm test, its CLI"
if ! wait "$GENERATED_PID"; then cat "$WORK/generated.log"; echo "the generated project failed"; exit 1; fi
tail -8 "$WORK/generated.log"

echo "--- consumer: ok"
