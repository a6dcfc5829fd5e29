#!/usr/bin/env bash
# The load generator's own virtual environment (.venv-load): locust needs
# urllib3 2, while the test suite's browser driver pins urllib3 below 2.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv-load/bin/python ] || python3 -m venv .venv-load
.venv-load/bin/python -m pip install -q --disable-pip-version-check -r benchmarks/load/requirements.txt
