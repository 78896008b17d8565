#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# quilt-check.sh: "quilt push -a" of patches/ + series on a pristine copy of the base, fuzz 0,
# and the result must equal what git am produced.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need quilt quilt
check_series
if [ -z "$(series_patches)" ]; then
	info "quilt: the series of base $BASE is empty, nothing to push"
	exit 0
fi
q="$BC/quilt"
if [ ! -e "$q/.git" ]; then
	git -C "$BASETREE" worktree prune
	git -C "$BASETREE" worktree add -q --detach "$q" "$BASE_TAG"
fi
rm -rf "$q/.pc"
git -C "$q" checkout -q -f --detach "$BASE_TAG"
git -C "$q" clean -q -fdx
if ! (cd "$q" && QUILT_PATCHES="$SDIR/patches" QUILT_SERIES="$SDIR/series" QUILT_PC=.pc \
	quilt push -a -q --fuzz=0) > "$OUT/quilt.log" 2>&1; then
	echo "ERROR: quilt push -a failed:" >&2
	tail -n 15 "$OUT/quilt.log" | sed 's/^/  /' >&2
	exit 1
fi
rm -rf "$q/.pc"
# the tree quilt made must be the tree git am made
if [ -e "$WORK/.git" ] && git -C "$WORK" rev-parse -q --verify mmseries >/dev/null; then
	git -C "$q" add -A
	a=$(git -C "$q" write-tree) b=$(git -C "$WORK" rev-parse 'mmseries^{tree}')
	git -C "$q" reset -q
	[ "$a" = "$b" ] || die "quilt and git am produce different trees ($a vs $b)"
fi
info "quilt push -a: $(series_patches | wc -l) patches applied cleanly (fuzz 0), same tree as git am"
