#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# broken.sh [NAME...]: 'make broken'. Runs the deliberately broken variants of
# selftests/broken/ (all of them, or those named), each the way the "Run:" line of its header
# says (make run EXTRA_PATCH=... CATEGORIES=...), and expects each run to FAIL: a variant whose
# tests pass shows tests that cannot catch what it breaks. Prints "ok broken NAME" when the run
# failed, "not ok broken NAME" when it passed or never reached the guest; keeps each run's
# output in $RESULTS/broken-NAME.log (Documentation/results, or stable/6.12/results).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
RESULTS=${RESULTS:-$([ "$BASE" = 7.3 ] && echo "$TOP/Documentation/results" || echo "$SDIR/results")}
mkdir -p "$RESULTS"
dir="$LISTDIR/broken"
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd "$dir" && ls *.patch | sed 's/\.patch$//'))
bad=0
for n in "${names[@]}"; do
	p="$dir/$n.patch"
	[ -f "$p" ] || die "no broken variant $n (have: $(cd "$dir" && ls *.patch | tr '\n' ' '))"
	run=$(sed -n 's/^Run: make run //p' "$p" | head -n 1)
	[ -n "$run" ] || die "$p has no 'Run: make run VAR=...' line"
	log="$RESULTS/broken-$n.log"
	stage "broken variant $n: $run"
	{
		echo "# make broken $n: $(date -u +%F), base $BASE_KVER, $(series_patches | wc -l) patches + $n"
		echo "# Run: make run $run"
		# shellcheck disable=SC2086 # VAR=value words of the Run: line
		env $run "$TOP/scripts/run.sh" 2>&1
		echo "# exit $?"
	} > "$log.tmp"
	rc=$(sed -n 's/^# exit //p' "$log.tmp" | tail -n 1)
	# keep what tells the story: the stages, the table, the splats, the failed test's output
	grep -vE '^\s+CC|^\s+LD|^\s+AR' "$log.tmp" > "$log"
	rm -f "$log.tmp"
	if [ "$rc" != 0 ] && grep -qE 'KERNEL SPLATS|FAIL' "$log"; then
		echo "ok broken $n: the run failed as it must ($(grep -m1 -E 'FAIL|KERNEL SPLATS' "$log" | tr -s ' ' | cut -c1-120))"
	elif [ "$rc" != 0 ]; then
		echo "not ok broken $n: the run failed before the guest (exit $rc), see $log"
		bad=1
	else
		echo "not ok broken $n: every test passed on the broken kernel, see $log"
		bad=1
	fi
done
exit $bad
