#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mbox.sh [check]: write the series with its cover letter (cover-letter.txt) as one mbox,
# $OUT/series.mbox. With "check": b4 (offline) must turn that mbox back into an am-ready mbox,
# and git am of it on a fresh base must give the same tree as the series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
git -C "$WORK" rev-parse -q --verify mmseries >/dev/null || die "series not applied; run 'make apply'"
cover="$SDIR/cover-letter.txt"
[ -f "$cover" ] || die "no cover-letter.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(git -C "$WORK" rev-list --count "$BASE_TAG..mmseries")
[ "$n" -gt 0 ] || die "the series of base $BASE is empty: no mbox"
prefix=$(sed -n 's/^Subject: \[\(.*\) 0*0\/[0-9]*\].*/\1/p; s/^Subject-Prefix: //p' "$cover" | head -n 1)
: "${prefix:=PATCH}"
# Who sends: the submitter's git identity (git config user.name/user.email where make runs), as
# b4 prep does: the From: header is the sender, the author stays in the body's From: line, and
# the sender's Signed-off-by is added. Without one, the patches go out as their author.
sname=$(git -C "$TOP" config user.name || true) smail=$(git -C "$TOP" config user.email || true)
sign=()
if [ -n "$sname" ] && [ -n "$smail" ]; then
	sign=(--from="$sname <$smail>" --signoff)
	export GIT_COMMITTER_NAME="$sname" GIT_COMMITTER_EMAIL="$smail"
	info "mbox: sent and signed off as $sname <$smail> (git config user.name/user.email)"
else
	info "mbox: no git identity configured; the patches go out as their author (the project identity)"
fi
# To/Cc from the tree's own get_maintainer.pl on the whole series
git -C "$WORK" diff "$BASE_TAG" mmseries > "$tmp/all.diff"
(cd "$WORK" && ./scripts/get_maintainer.pl --no-git --no-git-fallback --norolestats --no-rolestats \
	--separator=$'\n' "$tmp/all.diff") > "$tmp/who" 2>/dev/null || warn "get_maintainer.pl failed; no Cc list"
to=() cc=()
while IFS= read -r who; do
	case $who in
	*linux-mm@*) to+=(--to="$who") ;;
	"") ;;
	*) cc+=(--cc="$who") ;;
	esac
done < "$tmp/who"
info "mbox: To: ${#to[@]}, Cc: ${#cc[@]} (scripts/get_maintainer.pl)"
git -C "$WORK" format-patch -q --cover-letter --thread=shallow --no-signature --abbrev=12 \
	--subject-prefix="$prefix" "${sign[@]}" "${to[@]}" "${cc[@]}" \
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
got=$(grep -c '^Subject: \[' "$mbx")
[ "$got" = "$n" ] || die "b4 am kept $got of $n patches"
chk="$BC/amcheck"
if [ ! -e "$chk/.git" ]; then
	git -C "$BASETREE" worktree prune
	git -C "$BASETREE" worktree add -q --detach "$chk" "$BASE_TAG"
fi
git -C "$chk" am --abort >/dev/null 2>&1 || true
git -C "$chk" checkout -q -f --detach "$BASE_TAG"
git -C "$chk" -c user.name=check -c user.email=check@localhost am -q "$mbx" ||
	{ git -C "$chk" am --abort; die "git am of b4's mbox failed on a fresh base"; }
[ "$(git -C "$chk" rev-parse 'HEAD^{tree}')" = "$(git -C "$WORK" rev-parse 'mmseries^{tree}')" ] ||
	die "b4 + git am gave a different tree than the series"
git -C "$chk" checkout -q -f --detach "$BASE_TAG"
info "b4 am (offline) + git am on a fresh base: $n patches, same tree as the series"
