#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# table.sh RESULTS.TSV: the result table of a guest run; exit 1 on any failed test.
set -uo pipefail
tsv=$1
[ -s "$tsv" ] || { echo "no test results"; exit 1; }
echo
printf '%-28s %-6s %6s  %-16s %s\n' TEST RESULT SECS "SUBTESTS p/f/s" NOTE
awk -F'\t' '{ printf "%-28s %-6s %6s  %-16s %s\n", $1, toupper($2), $3, $4 "/" $5 "/" $6, $7 }' "$tsv"
awk -F'\t' '{ c[$2]++ } END { printf "guest: %d passed, %d failed, %d skipped\n", c["pass"], c["fail"], c["skip"] }' "$tsv"
! grep -qP '\tfail\t' "$tsv"
