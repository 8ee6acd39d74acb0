#!/usr/bin/env bash
# Runs `npm run demo` as a newcomer would, then every verification command it prints at the end:
# "$ …" lines must exit 0 and say VERIFIED, "! …" lines (the revoked second credential) must exit 1
# and say NOT VERIFIED. Usage: bash scripts/demo-check.sh (from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
output=$(npm run demo --silent)
echo "$output" | tail -8
mapfile -t good < <(sed -n 's/^  \$ //p' <<< "$output")
mapfile -t revoked < <(sed -n 's/^  ! //p' <<< "$output")
if [ "${#good[@]}" -lt 4 ] || [ "${#revoked[@]}" -lt 1 ]; then
  echo "demo-check: the demo did not print its verification commands" >&2
  exit 1
fi
for command in "${good[@]}"; do
  if ! result=$(bash -c "$command") || ! grep -q '^VERIFIED' <<< "$result"; then
    echo "demo-check: \`$command\` did not say VERIFIED:" >&2
    echo "$result" >&2
    exit 1
  fi
  echo "ok (VERIFIED): $command"
done
for command in "${revoked[@]}"; do
  status=0
  result=$(bash -c "$command") || status=$?
  if [ "$status" -ne 1 ] || ! grep -q '^NOT VERIFIED' <<< "$result" || ! grep -q 'ERR_OB_STATUS_REVOKED' <<< "$result"; then
    echo "demo-check: \`$command\` should say NOT VERIFIED (revoked) and exit 1 (exit $status):" >&2
    echo "$result" >&2
    exit 1
  fi
  echo "ok (NOT VERIFIED, revoked): $command"
done
