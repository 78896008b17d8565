#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the base tree: Debian's linux-source-6.12 unpacked into $CACHE/base as a git repository with
# one commit tagged $BASE_TAG. Reused across runs; re-created when the package version differs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stage "base tree" "1/1"
tarball=/usr/src/$BASE_PKG.tar.xz
have=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true)
[ -n "$have" ] || die "$BASE_PKG is not installed (run 'make deps')"
if [ "$have" != "$BASE_PKG_VERSION" ]; then
	warn "$BASE_PKG $have is installed, the series was verified on $BASE_PKG_VERSION; trying it anyway"
	warn "set BASE_PKG_VERSION=$have BASE_KVER=<its upstream version> to silence this"
fi
[ -f "$tarball" ] || die "$tarball missing although $BASE_PKG is installed"

if [ -f "$BASE/.mmseries-base" ] && [ "$(cat "$BASE/.mmseries-base")" = "$have" ] &&
   git -C "$BASE" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	info "reusing $BASE ($BASE_PKG $have, tag $BASE_TAG)"
	exit 0
fi

rm -rf "$BASE" "$WORK" "$CACHE/quilt" "$CACHE/bisect"
mkdir -p "$CACHE"
tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
info "unpacking $tarball"
tar -C "$tmp" -xJf "$tarball"
mv "$tmp/$BASE_PKG" "$BASE"
rmdir "$tmp"

kv=$(make -s -C "$BASE" kernelversion)
[ "$kv" = "$BASE_KVER" ] || warn "tree says $kv, expected $BASE_KVER"

# Debian appends "ignore everything at the top level" to .gitignore: undo it so that git
# sees the tree like an upstream checkout.
sed -i '/^# Debian packaging: ignore everything/,$d' "$BASE/.gitignore"
sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$BASE/.gitignore"
sed -i '${/^#$/d}' "$BASE/.gitignore"

info "creating the base commit (about a minute)"
git -C "$BASE" init -q -b base
git -C "$BASE" config user.name "mmseries base"
git -C "$BASE" config user.email "base@localhost"
git -C "$BASE" config gc.auto 0
git -C "$BASE" add -A
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
	git -C "$BASE" commit -q -m "Linux $kv (Debian $BASE_PKG $have)

Unpacked from Debian's $BASE_PKG $have (upstream $kv plus Debian's patches),
with Debian's top-level .gitignore addition removed."
git -C "$BASE" tag "$BASE_TAG"
echo "$have" > "$BASE/.git/../.mmseries-base"
echo ".mmseries-base" >> "$BASE/.git/info/exclude"
info "base commit $(git -C "$BASE" rev-parse --short=12 HEAD), tag $BASE_TAG"
