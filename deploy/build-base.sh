#!/usr/bin/env bash
# Builds a stand-in for the official python slim image where no image registry
# is reachable: Debian bookworm from debootstrap with python3 and venv, imported
# as a local image. Does nothing when the tag already exists.
# Usage: bash deploy/build-base.sh [tag]   (prints the tag on stdout)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=deploy/container-env.sh
. "$here/container-env.sh"

tag="${1:-localhost/backprop-lab-base:bookworm}"
if "$ENGINE" image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "debootstrap needs root to build the base image $tag" >&2
  exit 1
fi

# The same Debian mirror the host uses (it is reachable when apt works).
mirror="${DEBIAN_MIRROR:-$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ' || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs="$(mktemp -d "$IMAGE_CACHE/rootfs.XXXXXX")"
trap 'rm -rf "$rootfs"' EXIT
chmod 755 "$rootfs" # mktemp makes it 0700: it becomes the image's /
echo "debootstrap bookworm from $mirror into $rootfs" >&2
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
  bookworm "$rootfs" "$mirror" >&2
# Trim what an image never needs, as the slim images do.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
tar -C "$rootfs" -c . | "$ENGINE" import --change 'CMD ["python3"]' - "$tag" >&2
echo "$tag"
