#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deps.sh: install the Debian packages the workbench needs, and say which. Idempotent.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
pkgs="build-essential flex bison bc libelf-dev libssl-dev ccache cpio file xz-utils perl python3
git rsync quilt b4 python3-docutils coccinelle sparse codespell qemu-system-x86 busybox-static
gcc-aarch64-linux-gnu gcc-arm-linux-gnueabi stress-ng trinity"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=" $p"
done
src=
have=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true)
[ "$have" = "$BASE_PKG_VERSION" ] || src=1
if [ -z "$missing" ] && [ -z "$src" ]; then
	info "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	die "missing Debian packages:$missing${src:+ $BASE_PKG=$BASE_PKG_VERSION}; as root run: apt-get install$missing"
fi
export DEBIAN_FRONTEND=noninteractive
stage "installing Debian packages"
info "apt-get update"
apt-get update -q >/dev/null || warn "apt-get update failed; trying with the lists we have"
if [ -n "$src" ]; then
	if apt-cache policy "$BASE_PKG" | grep -qF " $BASE_PKG_VERSION "; then
		missing+=" $BASE_PKG=$BASE_PKG_VERSION"
	else
		cand=$(apt-cache policy "$BASE_PKG" | awk '/Candidate:/ { print $2 }')
		[ -n "$cand" ] && [ "$cand" != "(none)" ] ||
			die "$BASE_PKG is not available from the configured Debian archives"
		warn "$BASE_PKG $BASE_PKG_VERSION is no longer served; installing $cand instead (untested base)"
		missing+=" $BASE_PKG=$cand"
	fi
fi
info "apt-get install$missing"
apt-get install -y -q --no-install-recommends $missing > "$CACHE/apt.log" 2>&1 ||
	{ tail -n 20 "$CACHE/apt.log" >&2; die "apt-get install failed (log: $CACHE/apt.log)"; }
info "installed:$missing"
