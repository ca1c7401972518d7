#!/usr/bin/env bash
# npm test: typecheck, lint, i18n, unit, integration (real Ceph RGW) on Node 20 and again on Node 24, and e2e
# (real Chromium). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
results=.tmp/results
rm -rf "$results" && mkdir -p "$results"
step() { printf '\n=== %s\n' "$1"; }
step typecheck; npm run -s typecheck
step lint; npm run -s lint
step check:i18n; npm run -s check:i18n
step unit; npm run -s test:unit -- --reporter=default --reporter=json --outputFile.json="$results/unit.json"
step build; npx next build
step integration; npm run -s test:integration -- --reporter=default --reporter=json --outputFile.json="$results/integration.json"
# The same suites on Node 24 LTS (scripts/with-node24.sh); the build above is reused.
step "unit (Node 24)"; bash scripts/with-node24.sh npm run -s test:unit -- --reporter=default --reporter=json --outputFile.json="$results/unit-node24.json"
step "integration (Node 24)"; bash scripts/with-node24.sh npm run -s test:integration -- --reporter=default --reporter=json --outputFile.json="$results/integration-node24.json"
step e2e; E2E_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npm run -s test:e2e -- --reporter=list,json
step summary; node scripts/test-summary.mjs
