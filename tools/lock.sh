#!/usr/bin/env bash
# `npm run lock`: rewrites package-lock.json from package.json so that `npm ci` accepts it on every
# platform, then checks it. `npm run lock -- --check` only checks (CI runs that).
#
# npm writes into the lock the optional packages of every platform (@unrs/resolver-binding-*,
# @parcel/watcher-*, ...) only when it builds the tree from package.json and the lock alone; started
# from an installed node_modules it may keep just this machine's (npm/cli#4828), and `npm ci` then
# fails elsewhere with "Missing: ... from lock file". So the lock is built in a scratch folder that
# holds nothing but package.json and the current lock: versions already locked stay as they are.
set -euo pipefail
cd "$(dirname "$0")/.."

# os:cpu[:libc] combinations whose install must resolve from the lock alone.
PLATFORMS="linux:x64:glibc linux:x64:musl linux:arm64:glibc darwin:arm64 darwin:x64 win32:x64 win32:arm64"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp package.json "$scratch/"
if [ -f package-lock.json ]; then cp package-lock.json "$scratch/"; fi

if [ "${1:-}" != "--check" ]; then
  (cd "$scratch" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

for platform in $PLATFORMS; do
  IFS=: read -r os cpu libc <<<"$platform"
  if ! out="$(cd "$scratch" && npm ci --dry-run --ignore-scripts --no-audit --no-fund --os="$os" --cpu="$cpu" ${libc:+--libc="$libc"} 2>&1)"; then
    printf '%s\n' "$out" | grep -E '^npm error (code|Missing|Invalid|notsup)' | head -30 >&2
    echo "package-lock.json does not install on $platform: run \`npm run lock\` and commit the lock." >&2
    exit 1
  fi
done

if [ "${1:-}" != "--check" ]; then cp "$scratch/package-lock.json" package-lock.json; fi
echo "package-lock.json installs with npm ci on: $PLATFORMS"
