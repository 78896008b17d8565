#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# warnings.sh: sparse (C=2) and W=1 on every .c file the series touches that is in the test
# config, at the base and at the head of the series; fails on any warning the base did not have.
# Line numbers are ignored when comparing. Run after bisect.sh (uses its worktree).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
sparse=$("$TOP/scripts/tools.sh" sparse) || exit 1
b="$BC/bisect" bb="$BC/bisect-build"
[ -e "$b/.git" ] || die "no bisect worktree; run scripts/bisect.sh first"
objs=
for f in $(git -C "$WORK" diff --name-only "$BASE_TAG" mmseries -- '*.c'); do
	case "$f" in tools/*|scripts/*|samples/*) continue ;; esac
	[ -f "$BUILD/${f%.c}.o" ] && objs+=" ${f%.c}.o"
done
if [ -z "$objs" ]; then
	echo "ok warnings (the series touches no kernel .c file of the test config)"
	exit 0
fi
warn_at() { # REV OUTFILE
	git -C "$b" checkout -q -f --detach "$1"
	# touch so that make recompiles (and sparse re-checks) them even when they did not change
	for o in $objs; do touch "$b/${o%.o}.c"; done
	make -C "$b" O="$bb" ARCH=x86_64 CHECK="$sparse" C=2 W=1 -j$(( $(nproc) + 1 )) $objs 2>&1 |
		grep -E 'warning:|error:' | sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | sort -u > "$2"
}
warn_at "$BASE_TAG" "$OUT/warnings-base.txt"
warn_at mmseries "$OUT/warnings-head.txt"
git -C "$b" checkout -q -f --detach "$BASE_TAG"
new=$(comm -13 "$OUT/warnings-base.txt" "$OUT/warnings-head.txt")
# documented exceptions (sparse-exceptions: regex TAB reason)
ex="$SDIR/sparse-exceptions"
if [ -n "$new" ] && [ -f "$ex" ]; then
	while IFS=$'\t' read -r re why; do
		case "$re" in ''|'#'*) continue ;; esac
		echo "$new" | grep -qE "$re" && echo "    documented exception: ${re} (${why})"
		new=$(echo "$new" | grep -vE "$re" || true)
	done < "$ex"
fi
nb=$(wc -l < "$OUT/warnings-base.txt")
if [ -z "$new" ]; then
	echo "ok warnings: sparse $("$sparse" --version) + W=1 on$objs: no new warnings ($nb on the base)"
else
	echo "not ok warnings: new sparse/W=1 warnings on the series:"
	echo "$new" | sed 's/^/    /'
	exit 1
fi
