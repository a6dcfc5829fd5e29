#!/usr/bin/env bash
# Installs the app into .venv and serves it on http://127.0.0.1:8050
# Usage: bash scripts/serve.sh [--host 0.0.0.0] [--port 8050]
#   --host 0.0.0.0 lets other machines (a class) open http://<this machine's address>:8050
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/make-venv.sh
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/backprop-lab "$@"
