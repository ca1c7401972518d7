#!/usr/bin/env bash
# The packages services the console runs (lib/services/): Verdaccio with its S3 storage plugin and
# turborepo-remote-cache, pinned in scripts/services/package-lock.json and installed with the project
# (npm start's prestart, the integration tests), never when an ecosystem is toggled.
#
# Usage: bash scripts/services.sh install   # idempotent: does nothing when the lock is already installed
#
# They have their own package.json: a transitive dependency declares Node 22 (cookie 2, which runs on
# 20) and aws-sdk v2 has an install script (a notice) that is not run, so the console's own npm install
# stays free of both warnings.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL=$ROOT/scripts/services

log() { printf '[services] %s\n' "$*" >&2; }

installed() {
  [ -f "$TOOL/node_modules/verdaccio/bin/verdaccio" ] && [ -f "$TOOL/node_modules/turborepo-remote-cache/dist/cli.js" ] &&
    [ "$TOOL/node_modules/.package-lock.json" -nt "$TOOL/package-lock.json" ]
}

do_install() {
  installed && return 0
  log "installing the packages services (scripts/services)"
  npm ci --prefix "$TOOL" --no-audit --no-fund --loglevel=error --ignore-scripts >&2 || { log "could not install the packages services"; exit 1; }
}

case "${1:-}" in
  install)
    exec 9>"$TOOL/.install.lock"
    flock -w 600 9 || { log "could not lock $TOOL/.install.lock"; exit 1; }
    do_install
    ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
