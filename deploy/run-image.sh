#!/usr/bin/env bash
# Runs the app image on port 8050 (or $PORT) in the foreground; Ctrl-C stops it.
# With podman there is no systemd timer for the HEALTHCHECK here: check it with
#   podman healthcheck run backprop-lab
# BACKPROP_LAB_WORKERS, BACKPROP_LAB_THREADS and BACKPROP_LAB_FRAME_ANCESTORS,
# when set here, are passed on to the server in the container.
# Usage: bash deploy/run-image.sh [tag]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=deploy/container-env.sh
. "$here/container-env.sh"
tag="${1:-backprop-lab}"
args=(--rm --name backprop-lab --publish "${PORT:-8050}:8050")
[ "$ENGINE" = podman ] && args+=(--pull=never --health-interval=disable)
for name in BACKPROP_LAB_WORKERS BACKPROP_LAB_THREADS BACKPROP_LAB_FRAME_ANCESTORS; do
  [ -n "${!name:-}" ] && args+=(--env "$name=${!name}")
done
exec "$ENGINE" run "${args[@]}" "$tag"
