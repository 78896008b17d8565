#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mbox.sh [check]: write the series with its cover letter (cover-letter.txt) as one mbox,
# $OUT/series.mbox. With "check": b4 (offline) must turn that mbox back into an am-ready mbox,
# and git am of it on a fresh base must give the same tree as the series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
git -C "$WORK" rev-parse -q --verify mmseries >/dev/null || die "series not applied; run 'make apply'"
cover="$TOP/cover-letter.txt"
[ -f "$cover" ] || die "no cover-letter.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(git -C "$WORK" rev-list --count "$BASE_TAG..mmseries")
git -C "$WORK" format-patch -q --cover-letter --thread=shallow --no-signature --abbrev=12 \
	--base="$BASE_TAG" -o "$tmp/fp" "$BASE_TAG..mmseries"
subject=$(sed -n 's/^Subject: //p' "$cover" | head -n 1)
[ -n "$subject" ] || die "cover-letter.txt has no 'Subject: ' line"
sed '1,/^$/d' "$cover" > "$tmp/blurb"
c=$(ls "$tmp"/fp/0000-*.patch)
python3 - "$c" "$subject" "$tmp/blurb" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip("\n")
s = open(path).read()
s = s.replace("*** SUBJECT HERE ***", subject, 1).replace("*** BLURB HERE ***", blurb, 1)
open(path, "w").write(s)
PY
# git format-patch folds long headers (From:, Subject:) over two lines; b4 0.12 cannot store a
# folded header in its output. Unfold the headers (RFC 5322 unfolding keeps their values).
cat "$tmp"/fp/*.patch | awk '
	/^From [0-9a-f]+ / { inhdr = 1; print; next }
	inhdr && /^$/ { if (held != "") print held; held = ""; inhdr = 0; print; next }
	inhdr && /^[ \t]/ { sub(/^[ \t]+/, " "); held = held $0; next }
	inhdr { if (held != "") print held; held = $0; next }
	{ print }' > "$OUT/series.mbox"
info "mbox: $OUT/series.mbox (cover letter + $n patches)"
[ "${1:-}" = check ] || exit 0

need b4 b4
mkdir -p "$tmp/b4"
(cd "$tmp" && b4 --offline-mode -n -q am -m "$OUT/series.mbox" -o "$tmp/b4" -n series) \
	> "$tmp/b4.log" 2>&1 || { cat "$tmp/b4.log"; die "b4 am could not process the mbox"; }
mbx=$(ls "$tmp"/b4/*.mbx 2>/dev/null | head -n 1)
[ -n "$mbx" ] || { cat "$tmp/b4.log"; die "b4 am wrote no .mbx"; }
got=$(grep -c '^Subject: \[PATCH' "$mbx")
[ "$got" = "$n" ] || die "b4 am kept $got of $n patches"
chk="$CACHE/amcheck"
if [ ! -e "$chk/.git" ]; then
	git -C "$BASE" worktree prune
	git -C "$BASE" worktree add -q --detach "$chk" "$BASE_TAG"
fi
git -C "$chk" am --abort >/dev/null 2>&1 || true
git -C "$chk" checkout -q -f --detach "$BASE_TAG"
git -C "$chk" -c user.name=check -c user.email=check@localhost am -q "$mbx" ||
	{ git -C "$chk" am --abort; die "git am of b4's mbox failed on a fresh base"; }
[ "$(git -C "$chk" rev-parse 'HEAD^{tree}')" = "$(git -C "$WORK" rev-parse 'mmseries^{tree}')" ] ||
	die "b4 + git am gave a different tree than the series"
git -C "$chk" checkout -q -f --detach "$BASE_TAG"
info "b4 am (offline) + git am on a fresh base: $n patches, same tree as the series"
