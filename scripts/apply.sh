#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apply.sh: apply the series with git am (one commit per patch) on branch "mmseries" of the work
# tree $WORK, starting from the base tag. Files the series does not touch keep their timestamps,
# so an incremental build after editing one patch rebuilds only what that patch touches.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
check_series
git -C "$BASETREE" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null || die "no base tree; run 'make base'"
if [ ! -e "$WORK/.git" ]; then
	git -C "$BASETREE" worktree prune
	git -C "$BASETREE" worktree add -q --detach "$WORK" "$BASE_TAG"
fi
git -C "$WORK" config user.name >/dev/null || git -C "$WORK" config user.name "mmseries"
git -C "$WORK" config user.email >/dev/null || git -C "$WORK" config user.email "mmseries@localhost"
git -C "$WORK" am --abort >/dev/null 2>&1 || true
# The branch name is shared by all worktrees of the base: a work tree other than the default one
# (scripts/selftest.sh) gets its own, so that it never moves the series' branch.
branch=mmseries
[ "$WORK" = "$BC/work" ] || branch="mmseries-$(basename "$WORK")-$$"
git -C "$WORK" checkout -q -f -B "$branch" "$BASE_TAG"
n=0 total=$(series_patches | wc -l)
for p in $(series_patches); do
	n=$((n + 1))
	if ! git -C "$WORK" am -q --keep-cr "$SDIR/patches/$p" > "$OUT/am.log" 2>&1; then
		echo "ERROR: patch $n/$total $p does not apply with git am onto $BASE_TAG + the patches before it:" >&2
		grep -E '^error:|^Patch failed|patch does not apply|^fatal' "$OUT/am.log" | sed 's/^/  /' >&2
		git -C "$WORK" apply --check -v "$SDIR/patches/$p" 2>&1 | grep -E 'Checking patch|error|Hunk|while searching' | sed 's/^/  /' >&2
		git -C "$WORK" am --abort >/dev/null 2>&1 || true
		exit 1
	fi
done
info "git am: $total patches applied on $BASE_TAG, head $(git -C "$WORK" rev-parse --short=12 HEAD)"
# EXTRA_PATCH=file: a test-only change (e.g. selftests/broken/*.patch) applied on top, uncommitted,
# so that branch mmseries (what quilt, mbox and bisect compare with) stays the series.
if [ -n "${EXTRA_PATCH:-}" ]; then
	x=$(realpath -e "$EXTRA_PATCH" 2>/dev/null) || die "EXTRA_PATCH=$EXTRA_PATCH: no such file"
	git -C "$WORK" apply "$x" ||
		die "EXTRA_PATCH=$EXTRA_PATCH does not apply on top of the series (see above)"
	warn "EXTRA_PATCH applied on top of the series (test only): $EXTRA_PATCH"
fi
