#!/usr/bin/env bash
# Regenerates requirements.lock: the runtime dependencies of pyproject.toml
# (waitress included), every version pinned and every file hashed, which the image installs
# with --require-hashes. Run it after changing dependencies in pyproject.toml.
# Usage: bash deploy/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${XDG_CACHE_HOME:-$HOME/.cache}/backprop-lab/lock-venv"
[ -x "$tools/bin/pip-compile" ] || {
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q pip-tools
}
# Only the public index decides the lock, whatever local wheel folders or
# mirrors this machine's pip is configured with.
PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS='' PIP_EXTRA_INDEX_URL='' \
  "$tools/bin/pip-compile" --quiet --strip-extras --generate-hashes --allow-unsafe \
  --no-emit-index-url --output-file requirements.lock pyproject.toml
echo "wrote requirements.lock"
