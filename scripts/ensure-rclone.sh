#!/usr/bin/env bash
# bench:migrate compares the storage move with Debian's rclone: installed with apt-get as root (or
# sudo -n) when it is missing, as scripts/services.sh installs skopeo. Idempotent.
set -euo pipefail
command -v rclone >/dev/null && exit 0
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo=(sudo -n); else
    echo "[bench] rclone missing and not root (no sudo); install: rclone" >&2
    exit 1
  fi
fi
echo "[bench] installing rclone (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y --no-install-recommends rclone >/dev/null || { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y --no-install-recommends rclone >/dev/null; }
