#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh: 'make check'. Everything 'make run' does on mainline, then the review checks, then
# the LTS backport (BASE=6.12) applied, built and booted with its short list. Every check and
# every guest test counts; ends with "N passed, N failed, N skipped" and exits 1 on any failure.
set -uo pipefail
[ "${BASE:-7.3}" = 7.3 ] || { echo "ERROR: make check runs both bases; do not set BASE" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"
mkdir -p "$OUT"
res="$OUT/check.tsv"
: > "$res"
# record NAME: run the rest of the line, count every "ok"/"not ok" line it prints
record() {
	local name=$1 rc
	shift
	"$@" 2>&1 | tee "$OUT/check-$name.log"
	rc=${PIPESTATUS[0]}
	local n=$(grep -cE '^(not )?ok ' "$OUT/check-$name.log")
	grep -E '^ok ' "$OUT/check-$name.log" | sed "s/^/pass\t/" >> "$res"
	grep -E '^not ok ' "$OUT/check-$name.log" | sed "s/^/fail\t/" >> "$res"
	if [ "$rc" != 0 ] && ! grep -qE '^not ok ' "$OUT/check-$name.log"; then
		printf 'fail\t%s (exit %s)\n' "$name" "$rc" >> "$res"
	elif [ "$n" = 0 ]; then
		printf 'pass\t%s\n' "$name" >> "$res"
	fi
}
tsv="$OUT/results.tsv"
rm -f "$tsv"
S=12
stage "make run (mainline $BASE_KVER)" "1/$S"
"$TOP/scripts/run.sh"
runrc=$?
[ -f "$tsv" ] || printf 'make run\tfail\t-\t0\t0\t0\tdid not reach the guest (exit %s)\n' "$runrc" > "$tsv"
stage "checkpatch --strict" 2/$S;	record checkpatch "$TOP/scripts/checkpatch.sh"
stage "bisectability (objects per patch)" 3/$S; record bisect "$TOP/scripts/bisect.sh" objs
stage "sparse and W=1" 4/$S;		record warnings "$TOP/scripts/warnings.sh"
stage "mbox, b4 am, git am" 5/$S;	record mbox bash -c "'$TOP/scripts/mbox.sh' check && echo 'ok mbox + b4 am + git am'"
stage "MAINTAINERS-snippet" 6/$S;	record maintainers "$TOP/scripts/maintainers.sh"
stage "pmd_none() audit" 7/$S;		record audit "$TOP/scripts/audit-check.sh"
stage "documentation" 8/$S;		record docs "$TOP/scripts/docs.sh"
stage "cross builds" 9/$S;		record cross "$TOP/scripts/cross.sh" series
stage "litmus tests (herd7 + LKMM)" 10/$S; record litmus "$TOP/scripts/litmus.sh"
stage "workbench self-test" 11/$S;	record selftest "$TOP/scripts/selftest.sh"
stage "LTS backport: BASE=6.12, short list" 12/$S
record stable-6.12 "$TOP/scripts/stable.sh"

echo
echo "Review checks:"
sed 's/^/  /' "$res"
[ -s "$tsv" ] && "$TOP/scripts/table.sh" "$tsv" > /dev/null
p=$(( $(grep -c '^pass' "$res") + $(grep -cP '\tpass\t' "$tsv") ))
f=$(( $(grep -c '^fail' "$res") + $(grep -cP '\tfail\t' "$tsv") ))
s=$(grep -cP '\tskip\t' "$tsv")
[ "$runrc" = 0 ] || { echo "make run failed (exit $runrc)"; [ "$f" -gt 0 ] || f=1; }
echo "total time $(elapsed)"
echo "$p passed, $f failed, $s skipped"
[ "$f" = 0 ]
