#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools.sh TOOL: print the path of a tool the workbench needs in a newer version than Debian 12
# has, building it once into $CACHE/tools from Debian's own source package (sid), fetched with a
# private apt state (scripts/lib.sh priv_apt). TOOL:
#   sparse   a sparse the base tree's scripts/checker-valid.sh accepts (mainline 7.x needs
#            __typeof_unqual__, which Debian 12's sparse 0.6.4 lacks: make C=2 then checks nothing)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tools="$CACHE/tools"
mkdir -p "$tools"

case ${1:-} in
sparse)
	valid="$BASETREE/scripts/checker-valid.sh"
	[ -f "$valid" ] || die "no $valid; run 'make base'"
	ok() { [ -x "$1" ] && [ "$(sh "$valid" "$1" 2>/dev/null)" = 1 ]; }
	if ok "$(command -v sparse || true)"; then command -v sparse; exit 0; fi
	for s in "$tools"/sparse-*/sparse; do ok "$s" && { echo "$s"; exit 0; }; done
	info "Debian 12's sparse fails $valid: building sid's sparse from source" >&2
	priv_apt sid debian deb-src
	tmp=$(mktemp -d "$tools/src.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get "${APT[@]}" -q source --download-only sparse) > "$tmp/get.log" 2>&1 ||
		{ tail -n 5 "$tmp/get.log" >&2; die "apt-get source sparse (sid) failed"; }
	orig=$(ls "$tmp"/sparse_*.orig.tar.* | head -n 1)
	ver=$(basename "$orig" | sed 's/^sparse_\(.*\)\.orig\.tar\..*/\1/')
	tar -C "$tmp" -xf "$orig"
	d=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'sparse*' | head -n 1)
	info "building sparse $ver" >&2
	make -C "$d" -j"$(nproc)" sparse HAVE_LLVM=no HAVE_GTK=no HAVE_SQLITE=no > "$tmp/build.log" 2>&1 ||
		{ tail -n 10 "$tmp/build.log" >&2; die "sparse $ver does not build (log above)"; }
	mkdir -p "$tools/sparse-$ver"
	cp "$d/sparse" "$tools/sparse-$ver/"
	ok "$tools/sparse-$ver/sparse" || die "sparse $ver still fails $valid"
	echo "$tools/sparse-$ver/sparse"
	;;
*)	die "usage: tools.sh sparse" ;;
esac
