#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh: install the Debian packages the workbench needs, and say which. Idempotent.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
pkgs="build-essential flex bison bc libelf-dev libssl-dev ccache cpio file xz-utils perl python3
git rsync quilt b4 python3-docutils coccinelle sparse codespell qemu-system-x86 busybox-static
bash-static libcap-dev libnuma-dev procps psmisc stress-ng trinity debootstrap
gcc-aarch64-linux-gnu gcc-arm-linux-gnueabi gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu
gcc-riscv64-linux-gnu gcc-sparc64-linux-gnu gcc-mips64el-linux-gnuabi64"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=" $p"
done
if [ -z "$missing" ]; then
	info "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	die "missing Debian packages:$missing; as root run: apt-get install$missing"
fi
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$CACHE"
stage "installing Debian packages"
info "apt-get update"
apt-get update -q >/dev/null || warn "apt-get update failed; trying with the lists we have"
info "apt-get install$missing"
apt-get install -y -q --no-install-recommends $missing > "$CACHE/apt.log" 2>&1 ||
	{ tail -n 20 "$CACHE/apt.log" >&2; die "apt-get install failed (log: $CACHE/apt.log)"; }
info "installed:$missing"
