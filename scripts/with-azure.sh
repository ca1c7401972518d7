#!/usr/bin/env bash
# Run a command against a throwaway local Azure Blob endpoint (see scripts/azure-server.sh).
#
# Usage:
#   bash scripts/with-azure.sh CMD ARGS...
#
# Starts Azurite's blob service on 127.0.0.1, exports AZURE_TEST_DIR and the AZURE_TEST_* variables,
# runs CMD, stops the server on exit (also on error / Ctrl-C) and exits with CMD's exit code.
# A healthy server already running in $AZURE_TEST_DIR is reused and left running; set
# AZURE_TEST_KEEP=1 to leave one started here running as well. scripts/with-s3.sh runs its command
# through this script, so the integration tests get both stores.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD ARGS..." >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
AZURE_TEST_DIR=${AZURE_TEST_DIR:-$PWD/.tmp/azure}
mkdir -p "$(dirname "$AZURE_TEST_DIR")"
AZURE_TEST_DIR=$(cd "$(dirname "$AZURE_TEST_DIR")" && pwd)/$(basename "$AZURE_TEST_DIR")
export AZURE_TEST_DIR

stop_on_exit=1
if bash "$here/azure-server.sh" status 2>/dev/null; then
  stop_on_exit=0
fi
[ "${AZURE_TEST_KEEP:-0}" = 1 ] && stop_on_exit=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$stop_on_exit" = 1 ]; then
    bash "$here/azure-server.sh" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$here/azure-server.sh" start >/dev/null

# shellcheck disable=SC1091
source "$AZURE_TEST_DIR/env"

set +e
"$@"
rc=$?
set -e
exit "$rc"
