#!/usr/bin/env bash
# Throwaway S3 server for integration tests: a single-node Ceph cluster
# (1 mon + 1 memstore OSD) with a RADOS Gateway, all on 127.0.0.1.
#
# Usage:
#   bash scripts/s3-server.sh start    # start (or reuse a healthy running one)
#   bash scripts/s3-server.sh stop     # kill exactly the recorded PIDs, remove the dir
#   bash scripts/s3-server.sh status   # exit 0 if running and healthy
#   bash scripts/s3-server.sh env      # print the env file (shell export lines)
#
#   bash scripts/with-s3.sh CMD ARGS... # start, export env, run CMD, stop
#
# State lives in ${S3_TEST_DIR:-$PWD/.tmp/s3} (".tmp/" is git-ignored):
#   ceph.conf keyring monmap mon/ osd0/ run/ log/*.log pids/*.pid
#   env       shell "export" lines   (source it)
#   env.json  the same as a JSON object
# Variables written: S3_TEST_ENDPOINT (http://127.0.0.1:PORT), S3_TEST_STS_ENDPOINT (a second
# gateway on the same zone that also answers STS AssumeRole), S3_TEST_REGION
# (us-east-1), S3_TEST_{OWNER,PROBE,OTHER}_{ACCESS,SECRET}_KEY.
#   owner - creates buckets and sets bucket policies
#   probe - granted/denied permissions by tests via bucket policies
#           (principal "arn:aws:iam:::user/probe")
#   other - a third, unrelated user ("arn:aws:iam:::user/other")
#
# Needs root (or sudo) only to install the Debian packages ceph-mon ceph-osd
# radosgw ceph-common when they are missing. Optional environment:
#   S3_TEST_DIR              state directory (default $PWD/.tmp/s3)
#   S3_TEST_START_TIMEOUT    seconds to wait for each startup step (default 60)
#   S3_TEST_MEMSTORE_BYTES   OSD in-memory store cap (default 2147483648)
set -euo pipefail

DIR=${S3_TEST_DIR:-$PWD/.tmp/s3}
mkdir -p "$(dirname "$DIR")"
DIR=$(cd "$(dirname "$DIR")" && pwd)/$(basename "$DIR")
TIMEOUT=${S3_TEST_START_TIMEOUT:-60}
MEMSTORE_BYTES=${S3_TEST_MEMSTORE_BYTES:-2147483648}
CONF=$DIR/ceph.conf

# Fixed test credentials (access keys: 20 uppercase alnum, secrets: 40 chars).
OWNER_ACCESS=S3TESTOWNERACCESS001
OWNER_SECRET=s3testOwnerSecretKey00000000000000000001
PROBE_ACCESS=S3TESTPROBEACCESS001
PROBE_SECRET=s3testProbeSecretKey00000000000000000001
OTHER_ACCESS=S3TESTOTHERACCESS001
OTHER_SECRET=s3testOtherSecretKey00000000000000000001
# rgw_sts_key: exactly 16 characters (Ceph seals session tokens with it).
STS_KEY=s3testStsKey0001

log() { printf '[s3-server] %s\n' "$*" >&2; }
now() { date +%s.%N; }

# ---------------------------------------------------------------- packages
ensure_packages() {
  if command -v radosgw >/dev/null && command -v ceph-mon >/dev/null &&
     command -v ceph-osd >/dev/null && command -v radosgw-admin >/dev/null &&
     command -v ceph-authtool >/dev/null && command -v monmaptool >/dev/null &&
     command -v ceph >/dev/null; then
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo -n); else
      log "ceph packages missing and not root (no sudo); install: ceph-mon ceph-osd radosgw ceph-common"
      exit 1
    fi
  fi
  log "installing ceph-mon ceph-osd radosgw ceph-common (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common
}

# ---------------------------------------------------------------- processes
# A recorded PID counts as ours only if it is alive, not a zombie, and its
# command line references our ceph.conf (guards against PID reuse).
pid_is_ours() {
  local pid=$1 state cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != Z ] && [ "$state" != X ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$CONF"* ]]
}

recorded_pids() {
  local f
  for f in "$DIR"/pids/*.pid; do
    [ -e "$f" ] && cat "$f"
  done
  return 0
}

# SIGTERM one PID and wait for it to exit (SIGKILL after $2 seconds).
stop_pid() {
  local pid=$1 grace=${2:-10} deadline
  pid_is_ours "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(date +%s) + grace ))
  while pid_is_ours "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "PID $pid did not exit after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      return 0
    fi
    sleep 0.05
  done
}

# Stop the recorded daemons one at a time: gateway, OSD, monitor (stopping
# them all at once makes radosgw hang ~5 s in shutdown waiting for RADOS).
kill_recorded() {
  [ -d "$DIR/pids" ] || return 0
  local name pid
  for name in rgw rgw-sts osd0 mon; do
    [ -f "$DIR/pids/$name.pid" ] && stop_pid "$(cat "$DIR/pids/$name.pid")"
  done
  for pid in $(recorded_pids); do   # anything else recorded
    stop_pid "$pid"
  done
  return 0
}

# ---------------------------------------------------------------- health
http_code() { # prints the HTTP status of GET / (000 if no answer)
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1/" 2>/dev/null || true
}

is_healthy() {
  [ -f "$DIR/env" ] && [ -f "$DIR/env.json" ] || return 1
  local name pid endpoint code
  for name in mon osd0 rgw rgw-sts; do
    pid=$(cat "$DIR/pids/$name.pid" 2>/dev/null) || return 1
    pid_is_ours "$pid" || return 1
  done
  endpoint=$(sed -n 's/^export S3_TEST_ENDPOINT=//p' "$DIR/env" | tr -d "'\"")
  code=$(http_code "$endpoint")
  [ "$code" != 000 ] && [ -n "$code" ]
}

fail() {
  log "ERROR: $*"
  local f
  for f in "$DIR"/log/*.log "$DIR"/log/*.stdout; do
    [ -s "$f" ] || continue
    printf '\n----- tail %s -----\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
  kill_recorded
  exit 1
}

# Run a command with a bounded time; on failure show its output and the logs.
run_bounded() {
  local what=$1; shift
  local out
  if ! out=$(timeout "$TIMEOUT" "$@" 2>&1); then
    printf '%s\n' "$out" >&2
    fail "$what failed (or timed out after ${TIMEOUT}s): $*"
  fi
  printf '%s' "$out"
}

free_ports() { # prints N distinct free TCP ports on 127.0.0.1
  local n=$1
  if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$n" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
  else
    node -e '
      const net = require("net"); const n = +process.argv[1]; const ports = [];
      const srvs = []; const next = () => { if (ports.length === n) { console.log(ports.join(" ")); srvs.forEach(s => s.close()); return; }
        const s = net.createServer(); srvs.push(s); s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); next(); }); };
      next();' "$n"
  fi
}

# Start a daemon in the foreground (-f), backgrounded; record its PID.
# fd 9 (the start/stop lock) must not leak into the long-lived daemons.
spawn() {
  local name=$1; shift
  "$@" </dev/null >>"$DIR/log/$name.stdout" 2>&1 9>&- &
  echo $! >"$DIR/pids/$name.pid"
}

# ---------------------------------------------------------------- start
do_start() {
  local t0; t0=$(now)
  ensure_packages

  if [ -d "$DIR" ]; then
    if is_healthy; then
      log "already running at $DIR (reusing)"
      cat "$DIR/env"
      return 0
    fi
    log "cleaning stale $DIR"
    kill_recorded
    rm -rf "$DIR"
  fi
  mkdir -p "$DIR"/{mon,osd0,run,log,pids}

  local mon_port rgw_port sts_port fsid osd_uuid
  read -r mon_port rgw_port sts_port < <(free_ports 3)
  fsid=$(uuidgen)
  osd_uuid=$(uuidgen)
  export CEPH_CONF=$CONF

  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$mon_port
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_ipv4 = true
ms_bind_ipv6 = false
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $DIR/keyring
run_dir = $DIR/run
crash_dir = $DIR/run/crash
log_file = $DIR/log/\$name.log
log_to_stderr = false
err_to_stderr = true
mon_cluster_log_file = $DIR/log/cluster.log
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
mon_data_avail_crit = 0
mon_data_avail_warn = 0
paxos_propose_interval = 0.05

[mon]
mon_data = $DIR/mon

[osd]
osd_data = $DIR/osd0
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES

[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port tcp_nodelay=1
rgw_thread_pool_size = 64
# A deleted object's data stays in the in-memory OSD until the gateway's garbage collector runs (2 hours
# by default): the suite writes and deletes gigabytes, which would fill it. Collect within a minute.
rgw_gc_obj_min_wait = 30
rgw_gc_processor_period = 30
rgw_gc_processor_max_time = 30

# A second gateway on the same zone with STS (AssumeRole) for the role tests. Kept apart because a
# gateway with STS on answers AccessDenied to an unknown access key or a wrong secret, instead of
# InvalidAccessKeyId / SignatureDoesNotMatch, which the other tests expect from a plain gateway.
[client.rgw-sts]
rgw_frontends = beast endpoint=127.0.0.1:$sts_port tcp_nodelay=1
rgw_thread_pool_size = 16
rgw_s3_auth_use_sts = true
# Temporary credentials are sealed with this key: exactly 16 characters.
rgw_sts_key = $STS_KEY
EOF

  # cephx keys; the monitor imports all of them (with caps) at mkfs time
  local kr=$DIR/keyring
  ceph-authtool --create-keyring "$kr" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n osd.0 \
    --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
  ceph-authtool "$kr" --gen-key -n client.rgw \
    --cap mon 'allow rw' --cap mgr 'allow rw' --cap osd 'allow rwx' >/dev/null
  ceph-authtool "$kr" --gen-key -n client.rgw-sts \
    --cap mon 'allow rw' --cap mgr 'allow rw' --cap osd 'allow rwx' >/dev/null

  monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" \
    "$DIR/monmap" >/dev/null
  run_bounded "mon mkfs" ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" \
    --keyring "$kr" >/dev/null

  spawn mon ceph-mon -c "$CONF" -f -i a

  run_bounded "registering osd.0" ceph -c "$CONF" --connect-timeout "$TIMEOUT" \
    osd new "$osd_uuid" 0 >/dev/null
  run_bounded "osd mkfs" ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >/dev/null
  spawn osd0 ceph-osd -c "$CONF" -f -i 0

  # The first radosgw-admin call creates the realm-less default zone/zonegroup
  # and the rgw pools (it blocks until the OSD is up and the PGs are active).
  run_bounded "create user owner" radosgw-admin -c "$CONF" -n client.admin user create \
    --uid=owner --display-name=owner \
    --access-key="$OWNER_ACCESS" --secret-key="$OWNER_SECRET" >/dev/null
  # GetBucketLocation answers the zonegroup's api_name; make that us-east-1.
  # Done before radosgw starts so no period commit / restart is needed.
  run_bounded "zonegroup api_name" radosgw-admin -c "$CONF" -n client.admin zonegroup modify \
    --rgw-zonegroup=default --api-name=us-east-1 >/dev/null

  spawn rgw radosgw -c "$CONF" -f -n client.rgw
  spawn rgw-sts radosgw -c "$CONF" -f -n client.rgw-sts

  run_bounded "create user probe" radosgw-admin -c "$CONF" -n client.admin user create \
    --uid=probe --display-name=probe \
    --access-key="$PROBE_ACCESS" --secret-key="$PROBE_SECRET" >/dev/null
  run_bounded "create user other" radosgw-admin -c "$CONF" -n client.admin user create \
    --uid=other --display-name=other \
    --access-key="$OTHER_ACCESS" --secret-key="$OTHER_SECRET" >/dev/null

  local endpoint=http://127.0.0.1:$rgw_port sts_endpoint=http://127.0.0.1:$sts_port deadline code name url
  deadline=$(( $(date +%s) + TIMEOUT ))
  for name in rgw rgw-sts; do
    url=$endpoint; [ "$name" = rgw-sts ] && url=$sts_endpoint
    while :; do
      code=$(http_code "$url")
      [ "$code" != 000 ] && [ -n "$code" ] && break
      pid_is_ours "$(cat "$DIR/pids/$name.pid")" || fail "radosgw ($name) exited"
      [ "$(date +%s)" -lt "$deadline" ] || fail "radosgw ($name) did not answer HTTP on $url within ${TIMEOUT}s"
      sleep 0.1
    done
  done

  cat >"$DIR/env.tmp" <<EOF
export S3_TEST_ENDPOINT=$endpoint
export S3_TEST_STS_ENDPOINT=$sts_endpoint
export S3_TEST_REGION=us-east-1
export S3_TEST_OWNER_ACCESS_KEY=$OWNER_ACCESS
export S3_TEST_OWNER_SECRET_KEY=$OWNER_SECRET
export S3_TEST_PROBE_ACCESS_KEY=$PROBE_ACCESS
export S3_TEST_PROBE_SECRET_KEY=$PROBE_SECRET
export S3_TEST_OTHER_ACCESS_KEY=$OTHER_ACCESS
export S3_TEST_OTHER_SECRET_KEY=$OTHER_SECRET
EOF
  cat >"$DIR/env.json.tmp" <<EOF
{
  "S3_TEST_ENDPOINT": "$endpoint",
  "S3_TEST_STS_ENDPOINT": "$sts_endpoint",
  "S3_TEST_REGION": "us-east-1",
  "S3_TEST_OWNER_ACCESS_KEY": "$OWNER_ACCESS",
  "S3_TEST_OWNER_SECRET_KEY": "$OWNER_SECRET",
  "S3_TEST_PROBE_ACCESS_KEY": "$PROBE_ACCESS",
  "S3_TEST_PROBE_SECRET_KEY": "$PROBE_SECRET",
  "S3_TEST_OTHER_ACCESS_KEY": "$OTHER_ACCESS",
  "S3_TEST_OTHER_SECRET_KEY": "$OTHER_SECRET"
}
EOF
  mv "$DIR/env.json.tmp" "$DIR/env.json"
  mv "$DIR/env.tmp" "$DIR/env"   # written last: its presence means "started"

  cat "$DIR/env"
  local t1; t1=$(now)
  log "S3 server up at $endpoint (state: $DIR)"
  log "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "start time: %.2f s", b - a }')"
}

do_stop() {
  if [ ! -d "$DIR" ]; then
    log "not running ($DIR does not exist)"
    return 0
  fi
  kill_recorded
  rm -rf "$DIR"
  log "stopped; removed $DIR"
}

# Serialize start/stop on the same state dir.
LOCK="$(dirname "$DIR")/.$(basename "$DIR").lock"

# True if one of our recorded daemons holds the lock file open (daemons
# started by an early version of this script leaked the lock fd).
lock_held_by_daemon() {
  local pid fd
  for pid in $(recorded_pids); do
    pid_is_ours "$pid" || continue
    for fd in /proc/"$pid"/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "$LOCK" ] && return 0
    done
  done
  return 1
}

with_lock() {
  if command -v flock >/dev/null; then
    exec 9>"$LOCK"
    if ! flock -n 9; then
      if lock_held_by_daemon; then
        log "lock $LOCK is held by a running daemon's leaked fd; ignoring it"
      else
        log "waiting for another start/stop ($LOCK)"
        flock -w 300 9 || { log "could not lock $LOCK"; exit 1; }
      fi
    fi
  fi
  "$@"
}

case "${1:-}" in
  start) with_lock do_start ;;
  stop) with_lock do_stop ;;
  status)
    if is_healthy; then log "running ($DIR)"; exit 0; else log "not running ($DIR)"; exit 1; fi ;;
  env) cat "$DIR/env" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
