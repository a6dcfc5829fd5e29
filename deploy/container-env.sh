# Sourced by the deploy scripts. Picks the container engine and, for podman,
# points it at storage and settings of our own (vfs + chroot + runc), so that
# nothing on the host needs editing and the cache survives between runs.
# Exports: ENGINE (docker|podman), IMAGE_CACHE (folder for the base rootfs).

IMAGE_CACHE="${BACKPROP_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backprop-lab}"
mkdir -p "$IMAGE_CACHE"

if [ -n "${BACKPROP_LAB_ENGINE:-}" ]; then
  ENGINE="$BACKPROP_LAB_ENGINE"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  ENGINE=docker  # a real Docker engine answers: use it as a teacher would
elif command -v podman >/dev/null 2>&1; then
  ENGINE=podman
else
  echo "neither a Docker engine nor podman is available" >&2
  return 1 2>/dev/null || exit 1
fi

if [ "$ENGINE" = podman ]; then
  # vfs works on any filesystem (no overlay or fuse needed); the run root is
  # per-user and temporary, like /run.
  _store="$IMAGE_CACHE/containers"
  _run="${TMPDIR:-/tmp}/backprop-lab-containers-$(id -u)"
  mkdir -p "$_store/storage" "$_run"
  cat >"$_store/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$_store/storage"
runroot = "$_run"
CONF
  # No systemd here: cgroupfs and file event logs. runc, through a wrapper that
  # lets containers inherit the host's rlimits (see runc-without-rlimits.sh).
  cat >"$_store/containers.conf" <<CONF
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "lab-runc"

[engine.runtimes]
lab-runc = ["$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/runc-without-rlimits.sh"]
CONF
  export CONTAINERS_STORAGE_CONF="$_store/storage.conf"
  export CONTAINERS_CONF="$_store/containers.conf"
  export BUILDAH_ISOLATION=chroot
  unset _store _run
fi
export ENGINE IMAGE_CACHE
