#!/usr/bin/env bash
# OCI runtime for podman in sandboxes where root lacks CAP_SYS_RESOURCE: podman
# always asks for open-file and process limits, which runc then fails to set
# ("error setting rlimits ... operation not permitted"). This drops those limits
# from the container's config (create) and from each exec'd process (exec, which
# health checks use), so they inherit the host's limits; then it runs runc.
set -euo pipefail
files=()
prev=""
for arg in "$@"; do
  case "$prev" in
    --bundle | -b) files+=("$arg/config.json") ;;
    --process | -p) files+=("$arg") ;;
  esac
  case "$arg" in
    --bundle=*) files+=("${arg#--bundle=}/config.json") ;;
    --process=*) files+=("${arg#--process=}") ;;
  esac
  prev="$arg"
done
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  python3 - "$f" <<'PY'
import json, sys

path = sys.argv[1]
with open(path) as f:
    spec = json.load(f)
spec.pop("rlimits", None)  # a process spec (exec)
spec.get("process", {}).pop("rlimits", None)  # a bundle's config (create)
with open(path, "w") as f:
    json.dump(spec, f)
PY
done
exec runc "$@"
