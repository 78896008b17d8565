#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of the series. Exceptions live in
# checkpatch-exceptions ("patch-file TYPE reason..."), one documented line per ignored type; the
# patch file is named without its NNNN- number, so renumbering the series keeps the exception.
# Prints one "ok/not ok" line per patch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
check_series
cp="$BASE/scripts/checkpatch.pl"
[ -x "$cp" ] || die "no checkpatch.pl in the base tree; run 'make base'"
ex="$TOP/checkpatch-exceptions"
rc=0
for p in $(series_patches); do
	ign=
	[ -f "$ex" ] && ign=$(awk -v p="${p#[0-9][0-9][0-9][0-9]-}" '$1 == p { printf "%s,", $2 }' "$ex")
	out=$(cd "$BASE" && "$cp" --strict --no-tree --show-types --codespell ${ign:+--ignore "${ign%,}"} \
		"$TOP/patches/$p" 2>&1)
	if echo "$out" | grep -qE '^total: 0 errors, 0 warnings, 0 checks'; then
		echo "ok checkpatch $p${ign:+ (documented exceptions: ${ign%,})}"
	else
		echo "not ok checkpatch $p"
		echo "$out" | grep -E '^(ERROR|WARNING|CHECK)|^#|^\+|^total' | head -n 40 | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
