#!/usr/bin/env bash
# Throwaway Azure Blob Storage endpoint for integration tests: Azurite's blob service on 127.0.0.1.
#
# Usage:
#   bash scripts/azure-server.sh start    # start (or reuse a healthy running one)
#   bash scripts/azure-server.sh stop     # kill exactly the recorded PID, remove the dir
#   bash scripts/azure-server.sh status   # exit 0 if running and answering
#   bash scripts/azure-server.sh env      # print the env file (shell export lines)
#
#   bash scripts/with-azure.sh CMD ARGS... # start, export env, run CMD, stop
#
# State lives in ${AZURE_TEST_DIR:-$PWD/.tmp/azure} (".tmp/" is git-ignored):
#   data/ azurite.pid azurite.log env env.json
# Variables written: AZURE_TEST_BLOB_ENDPOINT (http://127.0.0.1:PORT), AZURE_TEST_ACCOUNT and
# AZURE_TEST_ACCOUNT_KEY (the well-known devstoreaccount1 key from Azurite's README),
# AZURE_TEST_CONNECTION_STRING (that account), AZURE_TEST_OTHER_ACCOUNT and
# AZURE_TEST_OTHER_ACCOUNT_KEY (a second account, for wrong-key tests).
set -euo pipefail

DIR=${AZURE_TEST_DIR:-$PWD/.tmp/azure}
mkdir -p "$(dirname "$DIR")"
DIR=$(cd "$(dirname "$DIR")" && pwd)/$(basename "$DIR")
TIMEOUT=${AZURE_TEST_START_TIMEOUT:-30}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOL=$ROOT/scripts/azurite
BIN=$TOOL/node_modules/azurite/dist/src/blob/main.js

ACCOUNT=devstoreaccount1
ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
OTHER_ACCOUNT=devstoreaccount2
OTHER_ACCOUNT_KEY='T3RoZXJBY2NvdW50S2V5Rm9yV3JvbmdLZXlUZXN0c09ubHkwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA='

log() { printf '[azure-server] %s\n' "$*" >&2; }

# The recorded PID counts as ours only if it is alive and its command line names our data dir.
pid_is_ours() {
  local pid=$1 cmd
  local state
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != Z ] && [ "$state" != X ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$DIR/data"* ]]
}

endpoint_of() { sed -n 's/^export AZURE_TEST_BLOB_ENDPOINT=//p' "$DIR/env" 2>/dev/null | tr -d "'\""; }

answers() { # any HTTP answer at all from the blob service
  local code
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1/$ACCOUNT?comp=list" 2>/dev/null || true)
  [ -n "$code" ] && [ "$code" != 000 ]
}

is_healthy() {
  [ -f "$DIR/env" ] && pid_is_ours "$(cat "$DIR/azurite.pid" 2>/dev/null)" && answers "$(endpoint_of)"
}

stop_recorded() {
  local pid deadline
  pid=$(cat "$DIR/azurite.pid" 2>/dev/null) || return 0
  pid_is_ours "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + 10 ))
  while pid_is_ours "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.05
  done
}

free_port() {
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Azurite has its own package.json and lock (scripts/azurite/): it declares Node 22 and brings a
# telemetry stack the console doesn't need, so the console's own npm install stays free of both.
install_azurite() {
  [ -f "$BIN" ] && [ "$TOOL/node_modules/.package-lock.json" -nt "$TOOL/package-lock.json" ] && return 0
  log "installing azurite (scripts/azurite)"
  npm ci --prefix "$TOOL" --no-audit --no-fund --loglevel=error >&2 || { log "could not install azurite"; exit 1; }
}

do_start() {
  local t0 port endpoint deadline
  t0=$(date +%s.%N)
  install_azurite
  if [ -d "$DIR" ]; then
    if is_healthy; then log "already running at $DIR (reusing)"; cat "$DIR/env"; return 0; fi
    log "cleaning stale $DIR"
    stop_recorded
    rm -rf "$DIR"
  fi
  mkdir -p "$DIR/data"
  port=$(free_port)
  endpoint=http://127.0.0.1:$port
  # fd 9 (the start/stop lock) must not leak into the long-lived server.
  AZURITE_ACCOUNTS="$ACCOUNT:$ACCOUNT_KEY;$OTHER_ACCOUNT:$OTHER_ACCOUNT_KEY" \
    node "$BIN" --silent --location "$DIR/data" --blobHost 127.0.0.1 --blobPort "$port" \
    --skipApiVersionCheck --disableTelemetry </dev/null >>"$DIR/azurite.log" 2>&1 9>&- &
  echo $! >"$DIR/azurite.pid"
  deadline=$(( $(date +%s) + TIMEOUT ))
  until answers "$endpoint"; do
    if ! pid_is_ours "$(cat "$DIR/azurite.pid")"; then tail -n 25 "$DIR/azurite.log" >&2; log "azurite exited"; exit 1; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then stop_recorded; log "azurite did not answer within ${TIMEOUT}s"; exit 1; fi
    sleep 0.05
  done
  local conn="DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$ACCOUNT_KEY;BlobEndpoint=$endpoint/$ACCOUNT"
  cat >"$DIR/env.tmp" <<ENV
export AZURE_TEST_BLOB_ENDPOINT=$endpoint
export AZURE_TEST_ACCOUNT=$ACCOUNT
export AZURE_TEST_ACCOUNT_KEY='$ACCOUNT_KEY'
export AZURE_TEST_CONNECTION_STRING='$conn'
export AZURE_TEST_OTHER_ACCOUNT=$OTHER_ACCOUNT
export AZURE_TEST_OTHER_ACCOUNT_KEY='$OTHER_ACCOUNT_KEY'
ENV
  cat >"$DIR/env.json.tmp" <<ENV
{
  "AZURE_TEST_BLOB_ENDPOINT": "$endpoint",
  "AZURE_TEST_ACCOUNT": "$ACCOUNT",
  "AZURE_TEST_ACCOUNT_KEY": "$ACCOUNT_KEY",
  "AZURE_TEST_CONNECTION_STRING": "$conn",
  "AZURE_TEST_OTHER_ACCOUNT": "$OTHER_ACCOUNT",
  "AZURE_TEST_OTHER_ACCOUNT_KEY": "$OTHER_ACCOUNT_KEY"
}
ENV
  mv "$DIR/env.json.tmp" "$DIR/env.json"
  mv "$DIR/env.tmp" "$DIR/env"   # written last: its presence means "started"
  cat "$DIR/env"
  log "Azurite blob service up at $endpoint (state: $DIR)"
  log "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "start time: %.2f s", b - a }')"
}

do_stop() {
  [ -d "$DIR" ] || { log "not running ($DIR does not exist)"; return 0; }
  stop_recorded
  rm -rf "$DIR"
  log "stopped; removed $DIR"
}

LOCK="$(dirname "$DIR")/.$(basename "$DIR").lock"
with_lock() {
  exec 9>"$LOCK"
  flock -w 120 9 || { log "could not lock $LOCK"; exit 1; }
  "$@"
}

case "${1:-}" in
  start) with_lock do_start ;;
  stop) with_lock do_stop ;;
  status) if is_healthy; then log "running ($DIR)"; exit 0; else log "not running ($DIR)"; exit 1; fi ;;
  env) cat "$DIR/env" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
