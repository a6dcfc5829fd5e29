#!/usr/bin/env bash
# Builds the app image with podman (vfs storage, chroot isolation), or docker
# where a Docker engine runs. With podman and no BASE_IMAGE given, the base is
# the local stand-in from build-base.sh, since no image registry may be reachable.
# Usage: bash deploy/build-image.sh [tag]   (BASE_IMAGE=... to choose the base)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=deploy/container-env.sh
. "$here/container-env.sh"
tag="${1:-backprop-lab}"

if [ -z "${BASE_IMAGE:-}" ] && [ "$ENGINE" = podman ]; then
  BASE_IMAGE="$(bash "$here/build-base.sh")"
fi
args=(--tag "$tag")
[ -n "${BASE_IMAGE:-}" ] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")

# pip inside the build trusts what the host trusts (a proxy's CA, say).
ca="${BUILD_CA_BUNDLE:-}"
for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
  [ -z "$ca" ] && [ -s "$f" ] && ca="$f"
done
[ -n "$ca" ] && args+=(--secret "id=ca_bundle,src=$ca")

if [ "$ENGINE" = podman ]; then
  # docker format keeps the HEALTHCHECK (the OCI format has no field for it).
  args+=(--format docker --isolation chroot --network host --pull=never)
else
  export DOCKER_BUILDKIT=1
fi
"$ENGINE" build "${args[@]}" "$here/.." >&2
if [ "$ENGINE" = podman ]; then
  # vfs keeps a full copy of every layer: drop those no tagged image uses.
  podman image prune --force >/dev/null || true
fi
echo "$tag"
