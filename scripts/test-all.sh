#!/usr/bin/env bash
# npm test: typecheck, lint, i18n, unit, integration (real Ceph RGW) and e2e (real Chromium). Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$1"; }
step typecheck; npm run -s typecheck
step lint; npm run -s lint
step check:i18n; npm run -s check:i18n
step unit; npm run -s test:unit
step integration; npm run -s test:integration
step e2e; npm run -s test:e2e
