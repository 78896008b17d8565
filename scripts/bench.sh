#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh: 'make bench'. The benchmarks of the base's bench.list in one boot, their output
# printed, then the p99 plot of collapse_bench (when it ran).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -f "$LISTDIR/bench.list" ] || die "base $BASE has no bench.list"
LISTS=bench SHOW=all "$TOP/scripts/run.sh"
if grep -q 'collapse_bench' "$OUT/results.log"; then
	"$TOP/scripts/plot.sh" "$OUT/results.log" "$OUT/collapse_bench.svg"
fi
