#!/usr/bin/env bash
# Makes .venv for the app (python3 -m venv), once. On a bare Debian or Ubuntu
# `python3 -m venv` fails until the python3-venv package is installed (and
# leaves a .venv without pip behind): this installs it first, as root or with
# sudo, and replaces such a broken .venv.
# Usage: bash scripts/make-venv.sh   (serve.sh and test.sh run it)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
  exit 0
fi
rm -rf .venv

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "python3 with its venv module is needed: install it, then run this again" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "python3 -m venv needs the python3-venv package: run as root: apt-get install python3-venv" >&2
    exit 1
  fi
  echo "installing python3 and python3-venv (python3 -m venv needs them on Debian)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv
fi
python3 -m venv .venv
