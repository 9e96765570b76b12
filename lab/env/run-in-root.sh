#!/usr/bin/env bash
# Runs a command inside the lab's root filesystem, with the repository's lab/
# folder visible there as /lab. Mounts are made once and left in place (they
# are shared by concurrent runs); processes are the caller's to stop.
#
#   lab/env/run-in-root.sh ROOT COMMAND [ARG...]
set -euo pipefail
root="$1"; shift
lab_dir="$(cd "$(dirname "$0")/.." && pwd)"

[ -f "$root/.lab-root-ready" ] || { echo "run-in-root: $root is not a finished lab root; run lab/env/build-root.sh" >&2; exit 1; }
mkdir -p "$root/lab" "$root/dev/shm"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev/shm" || mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
# The bind mount follows the checkout that asked for it, so clones in other
# folders (CI, scratch copies) each see their own lab/.
if ! mountpoint -q "$root/lab" || [ "$(stat -c %i "$root/lab")" != "$(stat -c %i "$lab_dir")" ]; then
  mountpoint -q "$root/lab" && umount -l "$root/lab"
  mount --bind "$lab_dir" "$root/lab"
fi
exec chroot "$root" "$@"
