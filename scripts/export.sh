#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# export.sh [DEVTREE]: write the commits of a development tree (base tag..HEAD) to patches/ and
# series, in git format-patch format. DEVTREE defaults to $BC/dev, a worktree of the base that
# "make devtree" creates for you with the series applied.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dev=${1:-$BC/dev}
git -C "$dev" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null || die "$dev has no tag $BASE_TAG"
n=$(git -C "$dev" rev-list --count "$BASE_TAG..HEAD")
[ "$n" -gt 0 ] || die "$dev has no commits on top of $BASE_TAG"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$dev" format-patch -q -N --zero-commit --no-signature --abbrev=12 -o "$tmp" "$BASE_TAG..HEAD"
rm -f "$SDIR"/patches/*.patch "$SDIR/patches/.gitkeep"
mkdir -p "$SDIR/patches"
cp "$tmp"/*.patch "$SDIR/patches/"
{
	echo "# Applied in this order by quilt (QUILT_PATCHES=patches) and by 'make run BASE=$BASE' (git am)."
	echo "# Base: Debian $BASE_PKG $BASE_PKG_VERSION (Linux $BASE_KVER), see README.md."
	[ "$BASE" = 7.3 ] && echo "# The LTS backport lives in stable/6.12/ (make run BASE=6.12)."
	(cd "$tmp" && ls *.patch)
} > "$SDIR/series"
info "exported $n patches from $dev to patches/ and series"
