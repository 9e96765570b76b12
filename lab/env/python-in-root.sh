#!/usr/bin/env bash
# A Python interpreter for `npm run lab -- --python`, taken from the lab's
# root: it stands in for a reader's own virtualenv so the smoke covers that
# mode. Paths under this checkout's lab/ (arguments, the working folder,
# PYTHONPATH, LAB_STATS_DIR) are rewritten to /lab, where the root sees them.
#
#   lab/env/python-in-root.sh [PYTHON ARG...]
set -euo pipefail
lab_dir="$(cd "$(dirname "$0")/.." && pwd)"
cache="${LAB_CACHE_DIR:-/var/cache/fastapi-django-lab}"
root="${LAB_ROOT_DIR:-}"
# The sid root when it is built, else the stable one a smoke run fell back to.
[ -n "$root" ] || { [ -f "$cache/root-sid/.lab-root-ready" ] && root="$cache/root-sid"; } || root="$cache/root-trixie"
translate() { local value="$1"; printf '%s' "${value//$lab_dir//lab}"; }
args=()
for arg in "$@"; do args+=("$(translate "$arg")"); done
export PYTHONPATH="$(translate "${PYTHONPATH:-}")"
export LAB_STATS_DIR="$(translate "${LAB_STATS_DIR:-}")"
cwd="$(translate "$PWD")"
[ "$cwd" = "$PWD" ] && cwd=/
exec "$lab_dir/env/run-in-root.sh" "$root" sh -c 'cd "$1" && shift && exec python3 "$@"' python-in-root "$cwd" "${args[@]}"
