#!/usr/bin/env bash
# The packages services the console runs (lib/services/): Verdaccio with its S3 storage plugin and
# turborepo-remote-cache, pinned in scripts/services/package-lock.json and installed with the project
# (npm start's prestart, the integration tests), never when an ecosystem is toggled.
#
# Usage: bash scripts/services.sh install   # idempotent: does nothing when the lock is already installed
#
# The Azure Blob Storage plugin for Verdaccio is this project's own (lib/services/npm/azure-storage-plugin/):
# it is compiled into node_modules/verdaccio-azure-blob-storage beside the S3 plugin (about 5 s), again
# whenever its sources, the console's lock (the SDK it requires by absolute path) or the checkout's path
# change, as recorded in its .source-hash.
#
# The Container registry is Debian's docker-registry (the CNCF distribution registry 2.8, a Go binary run
# as /usr/bin/docker-registry), with skopeo, the stock client its tests and README use: installed with
# apt-get as root (or sudo -n) when either is missing, as scripts/s3-server.sh installs Ceph.
#
# They have their own package.json: a transitive dependency declares Node 22 (cookie 2, which runs on
# 20) and aws-sdk v2 has an install script (a notice) that is not run, so the console's own npm install
# stays free of both warnings.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL=$ROOT/scripts/services

log() { printf '[services] %s\n' "$*" >&2; }

PLUGIN_SRC=$ROOT/lib/services/npm/azure-storage-plugin
PLUGIN_DIR=$TOOL/node_modules/verdaccio-azure-blob-storage

plugin_hash() {
  { printf '%s\n' "$ROOT"; cat "$ROOT/package-lock.json"; find "$PLUGIN_SRC" -maxdepth 1 -name '*.ts' ! -name '*.test.ts' | LC_ALL=C sort | xargs cat; } | sha256sum | cut -d' ' -f1
}

plugin_built() {
  [ -f "$PLUGIN_DIR/index.js" ] && [ "$(cat "$PLUGIN_DIR/.source-hash" 2>/dev/null)" = "$(plugin_hash)" ]
}

build_plugin() {
  plugin_built && return 0
  # tsx and typescript are dev dependencies: an install without them (npm ci --omit=dev) keeps S3 working,
  # and npm on Azure then fails at start ("package not found"), named in the service's log.
  if [ ! -x "$ROOT/node_modules/.bin/tsx" ]; then
    log "tsx is not installed (dev dependencies omitted?): the Azure Blob Storage plugin is not built; npm on Azure will not start"
    return 0
  fi
  log "building the Azure Blob Storage plugin for Verdaccio"
  local hash
  hash=$(plugin_hash)
  "$ROOT/node_modules/.bin/tsx" "$PLUGIN_SRC/install.ts" "$TOOL/node_modules" >/dev/null || { log "could not build the Azure Blob Storage plugin"; exit 1; }
  printf '%s\n' "$hash" >"$PLUGIN_DIR/.source-hash"
}

debian_packages() {
  command -v docker-registry >/dev/null && command -v skopeo >/dev/null && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo -n); else
      log "docker-registry or skopeo missing and not root (no sudo); install: docker-registry skopeo"
      exit 1
    fi
  fi
  log "installing docker-registry skopeo (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends docker-registry skopeo
}

PRELOAD_DIR=$TOOL/node_modules/packages-console-preload
PRELOAD_SOURCES=(lib/http/ipv6-words.ts lib/http/reserved-hosts.ts lib/network/reserved-lookup.ts lib/services/supervisor/preload/reserved-address-preload.ts lib/services/supervisor/preload/egress-request.ts lib/services/supervisor/preload/egress-proxy.ts lib/services/supervisor/preload/build.ts)

preload_hash() {
  (cd "$ROOT" && cat "${PRELOAD_SOURCES[@]}") | sha256sum | cut -d' ' -f1
}

# The reserved-address preload every Node service child loads (lib/services/supervisor/preload/): the
# console's own rule compiled beside it. Without it a service does not start (fail closed): its log
# names the missing file.
build_preload() {
  [ -f "$PRELOAD_DIR/index.js" ] && [ "$(cat "$PRELOAD_DIR/.source-hash" 2>/dev/null)" = "$(preload_hash)" ] && return 0
  if [ ! -x "$ROOT/node_modules/.bin/tsx" ]; then
    log "tsx is not installed (dev dependencies omitted?): the reserved-address preload is not built; no packages service will start"
    return 0
  fi
  log "building the reserved-address preload for the packages services"
  local hash
  hash=$(preload_hash)
  "$ROOT/node_modules/.bin/tsx" "$ROOT/lib/services/supervisor/preload/install.ts" "$TOOL/node_modules" >/dev/null || { log "could not build the reserved-address preload"; exit 1; }
  printf '%s\n' "$hash" >"$PRELOAD_DIR/.source-hash"
}

installed() {
  [ -f "$TOOL/node_modules/verdaccio/bin/verdaccio" ] && [ -f "$TOOL/node_modules/turborepo-remote-cache/dist/cli.js" ] &&
    [ "$TOOL/node_modules/.package-lock.json" -nt "$TOOL/package-lock.json" ]
}

do_install() {
  debian_packages
  if ! installed; then
    log "installing the packages services (scripts/services)"
    npm ci --prefix "$TOOL" --no-audit --no-fund --loglevel=error --ignore-scripts >&2 || { log "could not install the packages services"; exit 1; }
  fi
  build_plugin
  build_preload
}

case "${1:-}" in
  install)
    exec 9>"$TOOL/.install.lock"
    flock -w 600 9 || { log "could not lock $TOOL/.install.lock"; exit 1; }
    do_install
    ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
