#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# audit-update.sh: 'make audit'. Regenerate the pmd_none() walker audit of the base and of the
# patched tree (Documentation/audit/report-{base,series}.txt) and show what changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need spatch coccinelle
for t in base series; do
	tree=$BASETREE
	[ $t = series ] && tree=$WORK
	stage "pmd_none() audit of the $t tree ($tree)"
	new=$(mktemp)
	"$TOP/scripts/audit.sh" "$tree" > "$new"
	f="$TOP/Documentation/audit/report-$t.txt"
	if [ -f "$f" ] && cmp -s "$f" "$new"; then
		info "unchanged: $(wc -l < "$new") sites"
	else
		[ -f "$f" ] && diff -u "$f" "$new" | sed 's/^/    /' | head -n 60 || true
		info "written: ${f#$TOP/} ($(wc -l < "$new") sites)"
	fi
	mv "$new" "$f"
	chmod 644 "$f"
done
"$TOP/audit/check-ground-truth.sh" "$TOP/Documentation/audit/report-base.txt" | tail -n 15
