#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build.sh: configure and build the test kernel from $WORK into $BUILD (O=, ccache).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need ccache ccache
# EXTRA_PATCH alone builds the same configuration as the series kernel: start its build
# directory from a copy of the series kernel's, so that only what the patch touches rebuilds
if [ -n "${EXTRA_PATCH:-}" ] && [ "$BUILD" = "$BC/build-extra" ] && [ ! -d "$BUILD" ] &&
   [ -f "$BC/build/.config" ]; then
	info "seeding $BUILD from $BC/build"
	cp -a "$BC/build" "$BUILD.tmp" && mv "$BUILD.tmp" "$BUILD"
fi
"$TOP/scripts/config.sh" "$WORK" "$BUILD" ${CONFIG:-}
info "building bzImage (make -j$(( $(nproc) + 1 )), log: $OUT/build.log)"
mkdir -p "$OUT"
if ! make -C "$WORK" O="$BUILD" ARCH=x86_64 CC="ccache gcc" -j$(( $(nproc) + 1 )) bzImage \
	> "$OUT/build.log" 2>&1; then
	echo "ERROR: the test kernel does not build; the errors:" >&2
	grep -E 'error:|Error [0-9]|undefined reference' "$OUT/build.log" | head -n 30 | sed 's/^/  /' >&2
	exit 1
fi
w=$(grep -c 'warning:' "$OUT/build.log" || true)
[ "$w" = 0 ] || { warn "$w compiler warnings in the test kernel build:"; grep 'warning:' "$OUT/build.log" | sort -u | head -n 20 >&2; }
info "kernel: $BUILD/arch/x86/boot/bzImage ($(du -h "$BUILD/arch/x86/boot/bzImage" | cut -f1))"
