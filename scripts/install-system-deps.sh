#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: a headless browser for the
# page tests, podman/buildah for the image test, nginx for the replica test, redis-server for the class store's tests,
# and python3-venv, without which `python3 -m venv` fails on Debian.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(python3 python3-venv chromium chromium-driver podman buildah runc fuse-overlayfs debootstrap nginx-light redis-server curl ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "missing system packages: ${missing[*]} (run this script as root to install them)" >&2
    exit 1
  fi
else SUDO=; fi
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
