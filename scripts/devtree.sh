#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# devtree.sh: make $BC/dev, a worktree of the base with the series applied as commits on
# branch "dev", for editing patches (git rebase -i, commit --fixup, ...) and then 'make export'.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
dev="$BC/dev"
check_series
if [ -e "$dev/.git" ]; then
	ahead=$(git -C "$dev" rev-list --count "$BASE_TAG..HEAD")
	die "$dev exists ($ahead commits on the base); remove it (git -C $BASETREE worktree remove --force $dev) to recreate it"
fi
git -C "$BASETREE" worktree prune
git -C "$BASETREE" worktree add -q -B dev "$dev" "$BASE_TAG"
git -C "$dev" config user.name "$(git -C "$TOP" config user.name)"
git -C "$dev" config user.email "$(git -C "$TOP" config user.email)"
for p in $(series_patches); do git -C "$dev" am -q "$SDIR/patches/$p"; done
info "$dev: branch dev, $(series_patches | wc -l) patches applied; edit, then 'make export'"
