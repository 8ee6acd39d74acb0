#!/usr/bin/env bash
# The package as a user gets it: pack (prepack builds), lint the tarball (publint, Are the Types
# Wrong? with the ESM-only profile), install it into a fresh project (nothing but the npm registry).
# That install is the core only (the optional peers are not installed): the core entries' declarations
# name no peer and compile strictly, the core runs, and every optional feature — in code and in the
# CLI — fails with ERR_OB_DEPENDENCY_MISSING and its npm install command. Then the peers are added
# and the rest runs on them: a strict TypeScript consumer under node16 and bundler (skipLibCheck:
# false, and once without @types/node), the README's code blocks and the examples compiled and run,
# browser bundles with esbuild and Vite, and those bundles and the prebuilt verifier in Chromium.
# Prints the figures the release notes quote. Usage: bash scripts/consumer-check.sh (from anywhere).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/scripts/consumer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tsc() { node "$root/node_modules/typescript/bin/tsc" "$@"; }
gz() { gzip -9 -c "$1" | wc -c; }

echo "== pack (prepack runs npm run build)"
# npm prints the build's output before the JSON report: keep the report (from its opening "[" line).
(cd "$root" && npm pack --pack-destination "$work" --json > "$work/pack.out")
sed -n '/^\[$/,$p' "$work/pack.out" > "$work/pack.json"
tgz=$work/$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$work/pack.json")
node -e '
  const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  console.log(`tarball: ${p.filename}: ${p.size} bytes packed, ${p.unpackedSize} unpacked, ${p.entryCount} files`)
  if (!p.files.some((f) => f.path === "dist/index.js") || !p.files.some((f) => f.path === "LICENSE")) throw new Error("the tarball lacks dist/index.js or LICENSE")
  const stray = p.files.filter((f) => /metafile|\.test\.|^src\/|^test\//.test(f.path)).map((f) => f.path)
  if (stray.length) throw new Error("the tarball ships files a user never needs: " + stray.join(", "))' "$work/pack.json"

echo "== publint"
(cd "$root" && npx --no-install publint run "$tgz" --strict)
echo "== arethetypeswrong (esm-only)"
(cd "$root" && npx --no-install attw "$tgz" --profile esm-only --format table-flipped)

echo "== install into a fresh project"
consumer=$work/consumer
mkdir -p "$consumer"
cp "$here"/consumer.ts "$here"/browser-entry.js "$here"/*.html "$here"/browser-check.mjs "$here"/peers.mjs "$here"/core-types.mjs "$consumer"/
cp -r "$root/examples" "$consumer/examples"
printf '{ "name": "microcred-consumer", "private": true, "type": "module" }\n' > "$consumer/package.json"
types_node=$(node -p 'require(process.argv[1]).version' "$root/node_modules/@types/node/package.json")
(cd "$consumer" && npm install --no-audit --no-fund --silent "$tgz" "@types/node@$types_node")
# What the consumer's node_modules holds: the packages and their size. @types/node and its
# undici-types belong to the consumer (to compile the README and examples): not counted.
installed() {
  node -e '
    const lock = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    const installed = Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/") && !/@types\/node|undici-types/.test(p))
    console.log(`consumer install, ${process.argv[2]}: ${installed.length} packages: ${installed.map((p) => p.replace(/^.*node_modules\//, "")).join(", ")}`)' "$consumer/node_modules/.package-lock.json" "$1"
  echo "consumer install size, $1 (without @types/node): $(du -sk --exclude=@types --exclude=undici-types "$consumer/node_modules" | cut -f1) KiB"
}
installed "core (microcred and what it needs at run time)"
peers=$(node -p 'Object.keys(require(process.argv[1]).peerDependencies).join(" ")' "$consumer/node_modules/microcred/package.json")
for peer in $peers; do
  if [ -e "$consumer/node_modules/$peer" ]; then echo "the optional peer $peer was installed by default" >&2; exit 1; fi
done

echo "== core only: declarations, the core entries, and each optional feature's missing-peer error"
(cd "$consumer" && node core-types.mjs)
strict='"strict": true, "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true, "skipLibCheck": false, "target": "ES2022", "lib": ["ES2023", "DOM"]'
# The core entries' declarations compile strictly (skipLibCheck: false) with no peer installed.
cat > "$consumer/tsconfig.core.json" <<EOF
{ "compilerOptions": { $strict, "module": "node16", "moduleResolution": "node16", "types": ["node"], "noEmit": true }, "files": ["consumer.ts"] }
EOF
(cd "$consumer" && tsc -p tsconfig.core.json)
echo "  consumer.ts (microcred, /verify, /bake, /share) compiled under node16 with no optional peer installed"
(cd "$consumer" && node peers.mjs missing)
# The CLI: one line naming the npm install command, exit 2.
cli_missing() {
  local peer=$1 out status=0
  shift
  out=$(cd "$consumer" && node_modules/.bin/microcred "$@" 2>&1) || status=$?
  if [ "$status" -ne 2 ] || [ "$(wc -l <<< "$out")" -ne 1 ] || ! grep -q "^microcred: ERR_OB_DEPENDENCY_MISSING: .* package: npm install .*$peer" <<< "$out"; then
    echo "microcred $*: expected exit 2 and one ERR_OB_DEPENDENCY_MISSING line naming $peer, got exit $status: $out" >&2
    exit 1
  fi
  echo "  microcred $* → exit 2: $out"
}
cli_missing hono serve --key issuer-key.json --issuer-name District
cli_missing pg status revoke urn:uuid:00000000-0000-4000-8000-000000000000 --reason test --state postgres://127.0.0.1:1/none
cli_missing bullmq queue status
MICROCRED_PKCS11_PIN=1234 cli_missing bullmq queue work --pkcs11-module /nowhere.so --pkcs11-token t --pkcs11-key k --state state --status-base-url https://x.example/status --out out
# With --json, the error object on stdout and nothing on stderr, as for every CLI error.
json_status=0
json=$(cd "$consumer" && node_modules/.bin/microcred serve --key issuer-key.json --issuer-name District --json 2> "$work/serve.stderr") || json_status=$?
node -e '
  const [json, status, stderr] = process.argv.slice(1)
  const { error } = JSON.parse(json)
  if (status !== "2" || stderr !== "" || error.code !== "ERR_OB_DEPENDENCY_MISSING" || !error.message.endsWith("npm install hono @hono/node-server"))
    throw new Error(`serve --json: exit ${status}, stdout ${json}, stderr ${stderr}`)
  console.log(`  microcred serve --json → exit 2: ${json}`)' "$json" "$json_status" "$(cat "$work/serve.stderr")"
(cd "$consumer" && node_modules/.bin/microcred verify "$root/test/fixtures/validator/simple.json" --accept-claimed-key --json > /dev/null)
echo "  microcred verify runs on the core only"

echo "== add the optional peers (the versions microcred is tested with; pkcs11js, a native build, left out)"
with_versions() { for peer in "$@"; do printf '%s@%s\n' "$peer" "$(node -p 'require(process.argv[1]).version' "$root/node_modules/$peer/package.json")"; done; }
mapfile -t peer_specs < <(with_versions $(tr ' ' '\n' <<< "$peers" | grep -vx pkcs11js))
(cd "$consumer" && npm install --no-audit --no-fund --silent "${peer_specs[@]}")
installed "with the optional peers but pkcs11js (${peer_specs[*]})"
(cd "$consumer" && node peers.mjs installed)

echo "== strict TypeScript consumer"
# README code blocks become files of their own, compiled and run like the examples.
node -e '
  const fs = require("fs")
  const blocks = [...fs.readFileSync(process.argv[1], "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1])
  if (blocks.length === 0) throw new Error("README.md has no ts code block")
  blocks.forEach((code, i) => fs.writeFileSync(`${process.argv[2]}/readme-${i + 1}.ts`, code))
  console.log(`README: ${blocks.length} TypeScript block(s)`)' "$root/README.md" "$consumer"
cat > "$consumer/tsconfig.node16.json" <<EOF
{ "compilerOptions": { $strict, "module": "node16", "moduleResolution": "node16", "types": ["node"], "outDir": "out/node", "rootDir": "." },
  "include": ["consumer.ts", "readme-*.ts", "examples/*.ts"] }
EOF
cat > "$consumer/tsconfig.bundler.json" <<EOF
{ "compilerOptions": { $strict, "module": "esnext", "moduleResolution": "bundler", "types": ["node"], "noEmit": true },
  "include": ["consumer.ts", "readme-*.ts", "examples/*.ts"] }
EOF
# The declarations must not need @types/node: a browser or Deno project has none.
cat > "$consumer/tsconfig.standalone.json" <<EOF
{ "compilerOptions": { $strict, "module": "esnext", "moduleResolution": "bundler", "types": [], "noEmit": true }, "files": ["consumer.ts"] }
EOF
(cd "$consumer" && tsc -p tsconfig.node16.json && tsc -p tsconfig.bundler.json && tsc -p tsconfig.standalone.json)
echo "compiled under node16, bundler, and without @types/node"

echo "== run the consumer, the README blocks and the examples on the installed package"
cd "$consumer"
node out/node/consumer.js
# Blocks that use the reader's own values declare them (`declare const …`): those are compiled, not run.
for block in out/node/readme-*.js; do
  grep -q '^declare const ' "$(basename "$block" .js).ts" && continue
  output=$(node "$block")
  echo "  $block: $output"
  grep -q '^VERIFIED' <<< "$output"
done
# The examples, run from out/node/examples so their data files sit next to them.
cp -r examples/templates examples/assessments examples/pathways out/node/examples/
node out/node/examples/issuer-platform.js example-output
node out/node/examples/verifier.js example-output/badge.png example-output/status | tail -1
node out/node/examples/recognizer.js example-output/badge.json --status-dir example-output/status
node -e 'const fs = require("fs"); fs.writeFileSync("example-output/status-index.json", JSON.stringify(fs.readdirSync("example-output/status")))'

echo "== browser: bundle the installed package with esbuild and Vite (browser conditions), no Node built-ins"
"$root/node_modules/.bin/esbuild" browser-entry.js --bundle --platform=browser --format=esm --minify --outfile=out/esbuild.js --log-level=warning
node "$root/node_modules/vite/bin/vite.js" build --logLevel warn --base /out/vite/ --outDir out/vite --emptyOutDir 2>&1 | tee vite.log
# Vite stubs a Node built-in it meets in browser code and says so: that must never happen.
if grep -Ei "externalized for browser compatibility|doesn't exist at build time" vite.log; then echo "Vite found Node-only code in the browser build" >&2; exit 1; fi
echo "esbuild bundle of microcred (verify, decisions, baking, sharing): $(wc -c < out/esbuild.js) bytes, $(gz out/esbuild.js) gzip"
verifier=node_modules/microcred/dist/browser/microcred-verify.js
echo "prebuilt browser verifier (microcred/browser-verifier): $(wc -c < $verifier) bytes, $(gz $verifier) gzip"
node browser-check.mjs "$consumer" "file://$root/node_modules/playwright-core/index.mjs"
echo "consumer check: OK"
