#!/usr/bin/env bash
# Installs everything the test suite needs and runs all of it: lint, types, tests.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh

bash scripts/make-venv.sh
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy (engine)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest --headless --durations=25 "$@"  # the slowest tests, for keeping the suite short
