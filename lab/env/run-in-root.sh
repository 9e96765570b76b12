#!/usr/bin/env bash
# Runs a command inside the lab's root filesystem, with this checkout's lab/
# folder visible there as /lab. Each call gets a private mount namespace
# (unshare), so /lab, /proc and /dev/shm are its own: two checkouts or two
# runs using one root at once never see each other's files. Processes are
# the caller's to stop; the mounts go away with the last of them.
#
#   lab/env/run-in-root.sh ROOT COMMAND [ARG...]
set -euo pipefail
root="$1"; shift
lab_dir="$(cd "$(dirname "$0")/.." && pwd)"

[ -f "$root/.lab-root-ready" ] || { echo "run-in-root: $root is not a finished lab root; run lab/env/build-root.sh" >&2; exit 1; }
command -v unshare >/dev/null || { echo "run-in-root: needs unshare (Debian package util-linux)" >&2; exit 1; }
mkdir -p "$root/lab" "$root/dev/shm" "$root/proc"
exec unshare --mount --propagation private -- bash -c '
  set -e
  root="$1"; lab_dir="$2"; shift 2
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
  mount --bind "$lab_dir" "$root/lab"
  exec chroot "$root" "$@"
' run-in-root "$root" "$lab_dir" "$@"
