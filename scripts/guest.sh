#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# guest.sh: 'make guest'. A new initramfs and a boot of the kernel already built (no rebuild).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -f "$BUILD/arch/x86/boot/bzImage" ] || die "no kernel in $BUILD; run 'make run' or 'make kernel' first"
"$TOP/scripts/initramfs.sh" "$OUT/initramfs.cpio"
"$TOP/scripts/boot.sh" "$BUILD/arch/x86/boot/bzImage" "$OUT/initramfs.cpio"
