#!/usr/bin/env bash
# npm test: typecheck, lint, i18n, unit, integration (real Ceph RGW and Azurite), the Node-sensitive part
# again on Node 24, and e2e (real Chromium). Installs what it needs. Prints each phase's time at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
results=.tmp/results
rm -rf "$results" && mkdir -p "$results"
times=$results/phase-times.tsv
: >"$times"
started=$SECONDS

report_times() {
  printf '\n=== phase times\n'
  awk -F '\t' '{ printf "%-24s %4ds\n", $1, $2 }' "$times"
  printf '%-24s %4ds\n' total $((SECONDS - started))
}

# phase NAME CMD...: runs CMD, records how long it took, and stops the suite on its failure.
phase() {
  local name=$1 t0=$SECONDS rc=0
  shift
  printf '\n=== %s\n' "$name"
  "$@" || rc=$?
  printf '%s\t%s\n' "$name" $((SECONDS - t0)) >>"$times"
  return "$rc"
}

# Typecheck and lint are single-threaded: they run side by side, each printing its output when done.
static_checks() {
  local rc=0
  npm run -s typecheck >"$results/typecheck.log" 2>&1 &
  local typecheck=$!
  npm run -s lint >"$results/lint.log" 2>&1 || rc=$?
  printf -- '--- lint (exit %s)\n' "$rc"; cat "$results/lint.log"
  local trc=0
  wait "$typecheck" || trc=$?
  printf -- '--- typecheck (exit %s)\n' "$trc"; cat "$results/typecheck.log"
  [ "$rc" = 0 ] && [ "$trc" = 0 ]
}

# One Ceph gateway and one Azurite serve the integration suites on both Node versions and e2e: started in
# the background while the static checks run, stopped on exit (with-s3.sh reuses a healthy server).
servers_log=$results/servers.log
(bash scripts/s3-server.sh start && bash scripts/proxy-server.sh install && bash scripts/azure-server.sh start) >"$servers_log" 2>&1 &
servers=$!
times_reported=0
stop_servers() {
  local rc=$?
  trap - EXIT
  [ "$times_reported" = 1 ] || report_times || true
  bash scripts/azure-server.sh stop >/dev/null 2>&1 || true
  bash scripts/s3-server.sh stop >/dev/null 2>&1 || true
  exit "$rc"
}
trap stop_servers EXIT
servers_ready() {
  wait "$servers" || { cat "$servers_log"; return 1; }
}

vitest_json() { printf -- '--reporter=default --reporter=json --outputFile.json=%s/%s.json' "$results" "$1"; }

# What can differ between Node versions: the storage checks and probes (SDKs, TLS, proxies, sockets, run
# in the test process), the network and HTTP layers (the console's own server and parser), health, the
# storage move's streams, the services' child processes and fronts, and the CLI's fault handling. The rest
# (settings, auth, runs, Manage API, messages, components) is the same JavaScript on both: unit and
# integration tests run on Node 24 for these folders only.
NODE_SENSITIVE=(lib/storage/ lib/network/ lib/http/ lib/health/ lib/migration/ lib/services/supervisor/ lib/cli/storage-check-faults lib/cli/azure-check-faults)

phase static static_checks
phase check:i18n npm run -s check:i18n
# shellcheck disable=SC2046
phase unit npm run -s test:unit -- $(vitest_json unit)
phase build npx next build
phase servers servers_ready
# shellcheck disable=SC2046
phase integration npm run -s test:integration -- $(vitest_json integration)
# e2e drives Chromium and mostly waits on the console; the Node 24 run uses the other core meanwhile, one
# integration file at a time. Its
# output is kept and printed whole once e2e is done, so the two never interleave.
node24_phases() {
  # shellcheck disable=SC2046
  phase "unit (Node 24)" bash scripts/with-node24.sh npm run -s test:unit -- --maxWorkers=1 --minWorkers=1 $(vitest_json unit-node24) "${NODE_SENSITIVE[@]}" &&
    # shellcheck disable=SC2046
    phase "integration (Node 24)" bash scripts/with-node24.sh npm run -s test:integration -- --maxWorkers=1 --minWorkers=1 $(vitest_json integration-node24) "${NODE_SENSITIVE[@]}"
}
node24_phases >"$results/node24.log" 2>&1 &
node24=$!
e2e_rc=0
phase e2e env E2E_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npm run -s test:e2e -- --reporter=list,json || e2e_rc=$?
node24_rc=0
wait "$node24" || node24_rc=$?
cat "$results/node24.log"
[ "$e2e_rc" = 0 ] || exit "$e2e_rc"
[ "$node24_rc" = 0 ] || exit "$node24_rc"
# The times first, so that the summary's 'N passed, N failed' stays the closing line.
report_times
times_reported=1
printf '\n=== summary\n'
node scripts/test-summary.mjs
