#!/usr/bin/env bash
# Run a command against a throwaway local S3 server (see scripts/s3-server.sh).
#
# Usage:
#   bash scripts/with-s3.sh CMD ARGS...
#   e.g. bash scripts/with-s3.sh vitest run --config vitest.integration.config.ts
#
# Starts the server (Ceph RADOS Gateway on 127.0.0.1), exports S3_TEST_DIR and
# the S3_TEST_* variables from $S3_TEST_DIR/env, runs CMD, stops the server on
# exit (also on error / Ctrl-C) and exits with CMD's exit code. CMD runs through
# scripts/with-azure.sh, so a local Azure Blob endpoint (Azurite) is up as well.
#
# If a healthy server was already running in $S3_TEST_DIR before this script
# started, it is reused and left running (this script did not start it).
# Set S3_TEST_KEEP=1 to leave a server started here running as well.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD ARGS..." >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
S3_TEST_DIR=${S3_TEST_DIR:-$PWD/.tmp/s3}
mkdir -p "$(dirname "$S3_TEST_DIR")"
S3_TEST_DIR=$(cd "$(dirname "$S3_TEST_DIR")" && pwd)/$(basename "$S3_TEST_DIR")
export S3_TEST_DIR

stop_on_exit=1
if bash "$here/s3-server.sh" status 2>/dev/null; then
  stop_on_exit=0
fi
[ "${S3_TEST_KEEP:-0}" = 1 ] && stop_on_exit=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$stop_on_exit" = 1 ]; then
    bash "$here/s3-server.sh" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$here/s3-server.sh" start >/dev/null
# Test files start proxies and make certificates in parallel workers: install their packages once, first.
bash "$here/proxy-server.sh" install
# The packages services (Verdaccio, the build cache) the services tests start.
bash "$here/services.sh" install

# shellcheck disable=SC1091
source "$S3_TEST_DIR/env"

# Azure Blob Storage (Azurite) too, so one command runs the tests of both storage types.
set +e
bash "$here/with-azure.sh" "$@"
rc=$?
set -e
exit "$rc"
