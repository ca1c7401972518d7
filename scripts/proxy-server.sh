#!/usr/bin/env bash
# Throwaway forward proxy for tests (Debian's tinyproxy) on 127.0.0.1, one per name.
#
# Usage:
#   bash scripts/proxy-server.sh start NAME [USER:PASSWORD]   # prints http://127.0.0.1:PORT
#   bash scripts/proxy-server.sh stop NAME                    # kills exactly the recorded PID
#   bash scripts/proxy-server.sh install                      # tinyproxy and openssl, before tests run in parallel
#
# With USER:PASSWORD the proxy requires basic authentication (answers 407 without it).
# PROXY_CONNECT_PORTS="443 8443" allows CONNECT to those ports only (others get 403); default: all.
# State in ${PROXY_TEST_DIR:-$PWD/.tmp/proxy}/NAME: tinyproxy.conf, access.log (one line per
# request, CONNECT included), tinyproxy.pid, url. Installs tinyproxy (apt-get) when it is missing.
set -euo pipefail

ROOT=${PROXY_TEST_DIR:-$PWD/.tmp/proxy}
log() { printf '[proxy-server] %s\n' "$*" >&2; }

ensure_package() {
  command -v tinyproxy >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || { log "tinyproxy missing and not root; install it with apt-get"; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >/dev/null
  apt-get install -y --no-install-recommends tinyproxy >/dev/null
}

pid_is_ours() { # alive, and its command line names our config
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *"$DIR/tinyproxy.conf"* ]]
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

do_stop() {
  [ -d "$DIR" ] || return 0
  local pid; pid=$(cat "$DIR/tinyproxy.pid" 2>/dev/null || true)
  if pid_is_ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do pid_is_ours "$pid" || break; sleep 0.1; done
    pid_is_ours "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -rf "$DIR"
}

do_start() {
  ensure_package
  do_stop
  mkdir -p "$DIR"
  local port; port=$(free_port)
  {
    echo "Port $port"
    echo "Listen 127.0.0.1"
    echo "Timeout 60"
    echo "MaxClients 50"
    echo "Allow 127.0.0.1"
    echo "LogLevel Connect"
    echo "LogFile \"$DIR/access.log\""
    echo "PidFile \"$DIR/tinyproxy.pid.daemon\""
    echo "DisableViaHeader Yes"
    if [ "$(id -u)" -eq 0 ]; then echo "User nobody"; echo "Group nogroup"; fi
    # No ConnectPort line: CONNECT is allowed to every port (the test gateways use high ports).
    for p in ${PROXY_CONNECT_PORTS:-}; do echo "ConnectPort $p"; done
    if [ -n "${AUTH:-}" ]; then echo "BasicAuth ${AUTH%%:*} ${AUTH#*:}"; fi
  } >"$DIR/tinyproxy.conf"
  : >"$DIR/access.log"
  [ "$(id -u)" -eq 0 ] && chown -R nobody:nogroup "$DIR"
  tinyproxy -d -c "$DIR/tinyproxy.conf" </dev/null >>"$DIR/stdout.log" 2>&1 &
  echo $! >"$DIR/tinyproxy.pid"
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "http://127.0.0.1:$port" | tee "$DIR/url"
      return 0
    fi
    # Our own child: just after the fork it is still this shell, not yet tinyproxy, so ask only whether it lives.
    kill -0 "$(cat "$DIR/tinyproxy.pid")" 2>/dev/null || break
    sleep 0.1
  done
  log "tinyproxy did not start:"; cat "$DIR/stdout.log" >&2 2>/dev/null || true
  do_stop
  exit 1
}

if [ "${1:-}" = install ]; then
  ensure_package
  command -v openssl >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y --no-install-recommends openssl >/dev/null; }
  exit 0
fi

NAME=${2:-}
[[ $NAME =~ ^[a-z0-9-]+$ ]] || { echo "usage: $0 start|stop NAME [USER:PASSWORD]" >&2; exit 2; }
DIR=$ROOT/$NAME
AUTH=${3:-}
case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  *) echo "usage: $0 start|stop NAME [USER:PASSWORD]" >&2; exit 2 ;;
esac
