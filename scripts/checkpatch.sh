#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh: scripts/checkpatch.pl --strict on every patch of the series. Exceptions live in
# checkpatch-exceptions ("patch-file TYPE reason..."), one documented line per ignored type; the
# patch file is named without its NNNN- number, so renumbering the series keeps the exception.
# Prints one "ok/not ok" line per patch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
check_series
# Debian's python3 (spdxcheck.py and codespell need its modules), whatever PATH says
export PATH="/usr/bin:$PATH"
cp="$BASETREE/scripts/checkpatch.pl"
[ -x "$cp" ] || die "no checkpatch.pl in the base tree; run 'make base'"
ex="$SDIR/checkpatch-exceptions"
# checkpatch looks for codespell's dictionary where Debian does not keep it: without the path it
# skips the spelling check silently
dict=$(python3 -c 'import codespell_lib, os; print(os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt"))' 2>/dev/null ||
	ls /usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt 2>/dev/null) ||
	die "codespell's dictionary not found (Debian package codespell; run 'make deps')"
# Every patch: the base tree is one commit, so checkpatch cannot look up the commit ids of
# Fixes: tags (UNKNOWN_COMMIT_ID); they are checked by hand and named in the cover letter.
global_ign=UNKNOWN_COMMIT_ID
rc=0
for p in $(series_patches); do
	ign=
	[ -f "$ex" ] && ign=$(awk -v p="${p#[0-9][0-9][0-9][0-9]-}" '$1 == p { printf "%s,", $2 }' "$ex")
	out=$(cd "$BASETREE" && "$cp" --strict --no-tree --show-types --codespell --codespellfile "$dict" --ignore "$global_ign${ign:+,${ign%,}}" \
		"$SDIR/patches/$p" 2>&1)
	if echo "$out" | grep -qE '^total: 0 errors, 0 warnings, 0 checks'; then
		echo "ok checkpatch $p${ign:+ (documented exceptions: ${ign%,})}"
	else
		echo "not ok checkpatch $p"
		echo "$out" | grep -E '^(ERROR|WARNING|CHECK)|^#|^\+|^total' | head -n 40 | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
