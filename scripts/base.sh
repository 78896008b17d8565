#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# base.sh: make the base tree of $BASE: Debian's $BASE_PKG (scripts/fetch.sh) unpacked into
# $BASETREE as a git repository with one commit, tagged $BASE_TAG. The commit has a fixed author
# and date, so its id is the same on every machine for the same package. Reused across runs;
# re-created when the package version differs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

deb=$("$TOP/scripts/fetch.sh")
have=$(dpkg-deb -f "$deb" Version)
[ "$have" = "$BASE_PKG_VERSION" ] ||
	warn "$BASE_PKG $have is used; the series was verified on $BASE_PKG_VERSION"
if [ -f "$BASETREE/.mmseries-base" ] && [ "$(cat "$BASETREE/.mmseries-base")" = "$have" ] &&
   git -C "$BASETREE" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	info "reusing $BASETREE ($BASE_PKG $have, tag $BASE_TAG)"
	exit 0
fi

rm -rf "$BASETREE" "$WORK" "$BC/quilt" "$BC/bisect" "$BC/amcheck"
mkdir -p "$BC"
tmp=$(mktemp -d "$BC/unpack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
info "unpacking ${deb##*/}"
dpkg-deb --fsys-tarfile "$deb" | tar -C "$tmp" -x "./usr/src/$BASE_PKG.tar.xz" ||
	die "${deb##*/} has no usr/src/$BASE_PKG.tar.xz"
tar -C "$tmp" -xJf "$tmp/usr/src/$BASE_PKG.tar.xz"
mv "$tmp/$BASE_PKG" "$BASETREE"

kv=$(make -s -C "$BASETREE" kernelversion)
[ "$kv" = "$BASE_KVER" ] || warn "tree says $kv, expected $BASE_KVER"

# Debian appends "ignore everything at the top level" to .gitignore: undo it so that git
# sees the tree like an upstream checkout.
sed -i '/^# Debian packaging: ignore everything/,$d' "$BASETREE/.gitignore"
sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$BASETREE/.gitignore"
sed -i '${/^#$/d}' "$BASETREE/.gitignore"

info "creating the base commit (about a minute)"
git -C "$BASETREE" init -q -b base
git -C "$BASETREE" config user.name "mmseries base"
git -C "$BASETREE" config user.email "base@localhost"
git -C "$BASETREE" config gc.auto 0
git -C "$BASETREE" add -A
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
	git -C "$BASETREE" commit -q -m "Linux $kv (Debian $BASE_PKG $have)

Unpacked from Debian's $BASE_PKG $have (upstream $kv plus Debian's patches),
with Debian's top-level .gitignore addition removed."
git -C "$BASETREE" tag "$BASE_TAG"
echo "$have" > "$BASETREE/.mmseries-base"
echo ".mmseries-base" >> "$BASETREE/.git/info/exclude"
info "base commit $(git -C "$BASETREE" rev-parse --short=12 HEAD), tag $BASE_TAG"
