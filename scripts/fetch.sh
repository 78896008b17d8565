#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fetch.sh: download Debian's $BASE_PKG (version $BASE_PKG_WANT) from suite $BASE_SUITE into
# $CACHE/debs. The mirror is the one this machine's own apt configuration names; the suite need
# not be in it: a private sources list and private apt state under $CACHE/apt are used, so the
# system's sources and installed packages stay as they are. Prints the path of the .deb.
# A newer upstream release of the same series (7.3.y) is tried with a warning when the pinned
# version is no longer served; anything else is an error naming package, suite and version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

debs="$CACHE/debs"
deb="$debs/${BASE_PKG}_${BASE_PKG_WANT/\~/%7e}_all.deb"
mkdir -p "$debs"
for f in "$debs/${BASE_PKG}_${BASE_PKG_WANT}_all.deb" "$deb"; do
	[ -s "$f" ] && { echo "$f"; exit 0; }
done

priv_apt "$BASE_SUITE" "$BASE_ARCHIVE"
served=$(apt-cache "${APT[@]}" madison "$BASE_PKG" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
ver=$BASE_PKG_WANT
if ! echo "$served" | grep -qxF "$ver"; then
	# the same upstream series (e.g. 7.3.y) in a newer version: try it, loudly
	series=${BASE_KVER%.*}
	newer=$(echo "$served" | grep -E "^${series//./\\.}\\.[0-9]+-" | sort -V | tail -n 1)
	[ -n "$newer" ] && ! dpkg --compare-versions "$newer" gt "$BASE_PKG_WANT" && newer=
	[ -n "$newer" ] || die "$BASE_PKG $BASE_PKG_WANT is not available from suite $BASE_SUITE of $APT_URI" \
		"(served: ${served:-nothing})"
	warn "$BASE_PKG $BASE_PKG_WANT is no longer served by $BASE_SUITE; trying $newer instead (untested base)"
	ver=$newer
fi
info "downloading $BASE_PKG $ver" >&2
(cd "$debs" && apt-get "${APT[@]}" -q download "$BASE_PKG=$ver") > "$APT_STATE/download.log" 2>&1 ||
	{ tail -n 5 "$APT_STATE/download.log" >&2; die "apt-get download $BASE_PKG=$ver from $BASE_SUITE failed"; }
f=$(ls -t "$debs/${BASE_PKG}_"*"_all.deb" | head -n 1)
[ -s "$f" ] || die "apt-get download left no $BASE_PKG .deb in $debs"
echo "$f"
