#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bisect.sh [objs|full]: build every prefix of the series in a separate worktree ($BC/bisect,
# O=$BC/bisect-build, same config as the test kernel).
#   objs: after each patch, compile the objects of the .c files it touches that are in the test
#         config, and build the mm selftests it touches (fast; part of 'make check');
#   full: after each patch, build the whole bzImage ('make bisect').
# Prints one "ok/not ok" line per patch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
mode=${1:-objs}
b="$BC/bisect" bb="$BC/bisect-build"
git -C "$WORK" rev-parse -q --verify mmseries >/dev/null || die "series not applied; run 'make apply'"
if [ ! -e "$b/.git" ]; then
	git -C "$BASETREE" worktree prune
	git -C "$BASETREE" worktree add -q --detach "$b" "$BASE_TAG"
fi
git -C "$b" checkout -q -f --detach "$BASE_TAG"
"$TOP/scripts/config.sh" "$b" "$bb" ${CONFIG:-} >/dev/null
mk() { make -C "$b" O="$bb" ARCH=x86_64 CC="ccache gcc" -j$(( $(nproc) + 1 )) "$@"; }
info "preparing $bb"
mk prepare > "$OUT/bisect-prepare.log" 2>&1 || { tail "$OUT/bisect-prepare.log"; die "make prepare failed"; }
rc=0 i=0
for c in $(git -C "$WORK" rev-list --reverse "$BASE_TAG..mmseries"); do
	i=$((i + 1))
	subj=$(git -C "$WORK" log -1 --format=%s "$c")
	git -C "$b" checkout -q -f --detach "$c"
	log="$OUT/bisect-$i.log"
	: > "$log"
	ok=1 what=
	if [ "$mode" = full ]; then
		mk bzImage >> "$log" 2>&1 || ok=0
		what="bzImage"
	else
		objs= tests=
		for f in $(git -C "$b" diff-tree --no-commit-id --name-only -r "$c"); do
			case "$f" in
			tools/testing/selftests/mm/*.c)
				t=$(basename "$f" .c)
				grep -qE "^TEST_GEN_(FILES|PROGS) \+?= $t\$" "$b/tools/testing/selftests/mm/Makefile" &&
					tests+=" $t" ;;
			*.c)	o=${f%.c}.o
				if [ -f "$BUILD/$o" ]; then objs+=" $o"; else echo "not in the test config: $f" >> "$log"; fi ;;
			esac
		done
		if [ -n "$objs" ]; then
			mk $objs >> "$log" 2>&1 || ok=0
		fi
		mkdir -p "$OUT/bisect-mm"
		for t in $tests; do
			make -C "$b/tools/testing/selftests/mm" OUTPUT="$OUT/bisect-mm" \
				KHDR_INCLUDES="-isystem $BUILD/usr/include" "$OUT/bisect-mm/$t" >> "$log" 2>&1 || ok=0
		done
		what="objs:${objs:- none}${tests:+, selftests:$tests}"
	fi
	if [ $ok = 1 ]; then
		echo "ok bisect $i $subj ($what)"
	else
		echo "not ok bisect $i $subj ($what)"
		grep -E 'error|Error' "$log" | head -n 15 | sed 's/^/    /'
		rc=1
	fi
done
git -C "$b" checkout -q -f --detach "$BASE_TAG"
exit $rc
