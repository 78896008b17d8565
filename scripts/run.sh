#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh: the main job. Base tree, series applied (git am + quilt), test kernel, guest, selftests.
# Environment: KASAN=1, CONFIG=extra.config, TEST=prog-or-dir, ONLY="test names", ACCEL=kvm|tcg,...
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mkdir -p "$OUT"
S=8
stage "dependencies" 1/$S;	"$TOP/scripts/deps.sh"
stage "base tree" 2/$S;		"$TOP/scripts/base.sh"
stage "apply: git am" 3/$S;	"$TOP/scripts/apply.sh"
stage "apply: quilt" 4/$S;	"$TOP/scripts/quilt-check.sh"
stage "test kernel" 5/$S;	"$TOP/scripts/build.sh"
stage "selftests" 6/$S;		"$TOP/scripts/ksft.sh" "$WORK" || warn "continuing without the missing tests"
stage "initramfs" 7/$S;		"$TOP/scripts/initramfs.sh" "$OUT/initramfs.cpio"
stage "guest" 8/$S
[ "${ACCEL:-}" = tcg ] && export ACCEL="tcg,thread=multi"
"$TOP/scripts/boot.sh" "$BUILD/arch/x86/boot/bzImage" "$OUT/initramfs.cpio"
