#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# audit-check.sh: the walker audit in 'make check': the reports of the base and of the patched
# tree must match Documentation/audit/report-{base,series}.txt (moved line numbers aside), and
# the classifier must agree with the hand-checked ground truth (audit/ground-truth.tsv) except
# for the documented disagreements. One "ok"/"not ok" line each.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
need spatch coccinelle
rc=0
# The base never changes: its check is kept, keyed by the base tag and the audit's own files, so
# that it runs again only when the classifier or the report change (the whole tree takes minutes).
key=$(cat "$TOP"/audit/audit.sh "$TOP"/audit/pmd_none_walkers.cocci "$TOP"/audit/macros.h \
	"$TOP/Documentation/audit/report-base.txt" | sha1sum | cut -c1-16)
stamp="$BC/audit-base-ok"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$BASE_TAG $key" ]; then
	echo "ok pmd_none audit report matches report-base.txt (checked before for $BASE_TAG, unchanged since)"
elif "$TOP/audit/audit.sh" --check "$BASETREE" "$TOP/Documentation/audit/report-base.txt"; then
	echo "$BASE_TAG $key" > "$stamp"
else
	rc=1
fi
"$TOP/audit/audit.sh" --check "$WORK" "$TOP/Documentation/audit/report-series.txt" || rc=1
"$TOP/audit/check-ground-truth.sh" "$TOP/Documentation/audit/report-base.txt" | tail -n 1
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
exit $rc
