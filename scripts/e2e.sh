#!/usr/bin/env bash
# Playwright e2e: Debian Chromium against a production build, with a real S3 gateway (Ceph RGW).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-chromium.sh
# npm test builds once before the integration tests and sets E2E_SKIP_BUILD.
[ "${E2E_SKIP_BUILD:-0}" = 1 ] || NEXT_TELEMETRY_DISABLED=1 npx next build
exec bash scripts/with-s3.sh npx playwright test "$@"
