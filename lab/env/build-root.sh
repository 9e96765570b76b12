#!/usr/bin/env bash
# Builds (or reuses) the Debian root filesystem the lab runs in: a current
# Python web stack from Debian unstable, since this machine reaches no Python
# package index. The root is cached outside the repository; a finished build
# leaves a stamp file, so an interrupted one is started again from scratch.
#
#   lab/env/build-root.sh [SUITE]      SUITE: sid (default) or a stable suite
#
# LAB_ROOT_DIR overrides the cache folder. Prints the root's path on success.
set -euo pipefail

suite="${1:-sid}"
cache_base="${LAB_CACHE_DIR:-/var/cache/fastapi-django-lab}"
root="${LAB_ROOT_DIR:-$cache_base/root-$suite}"
packages_file="$(dirname "$0")/packages.txt"

if [ -f "$root/.lab-root-ready" ] && cmp -s "$packages_file" "$root/.lab-packages"; then
  echo "$root"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "build-root: needs root (debootstrap and chroot)" >&2; exit 1; }
if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
fi

# The base system is reused once debootstrap finished; only the package step
# runs again when the package list changed or an install was interrupted.
if [ ! -f "$root/.lab-base-ready" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  echo "build-root: debootstrap $suite into $root (a few minutes)" >&2
  debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" >&2
  touch "$root/.lab-base-ready"
fi

# The archive's Release files can be older than their stated validity on a
# machine whose mirror lags; an expired date must not stop the install.
echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99lab-no-expiry"

# No daemon may start while packages install inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"

mapfile -t packages < <(grep -v '^\s*#' "$packages_file" | grep -v '^\s*$')
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
chroot "$root" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
chroot "$root" apt-get clean >&2

cp "$packages_file" "$root/.lab-packages"
date -u +%Y-%m-%dT%H:%M:%SZ > "$root/.lab-root-ready"
echo "$root"
